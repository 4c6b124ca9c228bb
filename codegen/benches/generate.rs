//! Generation speed in process: the repository's specs and synthetic specs of
//! growing size, from spec text to formatted files. `cargo bench -p codegen`;
//! `cargo xtask bench` prints the same figures with memory and compile times.

use std::hint::black_box;

use codegen::{Options, SpecSource};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use synthetic_spec as synthetic;

fn options() -> Options {
    Options::new("bench", "bench")
}

fn repo_specs() -> Vec<SpecSource> {
    ["toggl-v8.yaml", "toggl-v9.yaml"]
        .iter()
        .map(|file| {
            let path = format!("{}/../api-spec/{file}", env!("CARGO_MANIFEST_DIR"));
            SpecSource { name: format!("api-spec/{file}"), text: std::fs::read_to_string(path).expect("spec") }
        })
        .collect()
}

fn generation(c: &mut Criterion) {
    let specs = repo_specs();
    c.bench_function("generate api-spec", |b| b.iter(|| codegen::generate(black_box(&specs), &options()).unwrap()));

    let mut group = c.benchmark_group("generate synthetic");
    group.sample_size(10);
    for operations in [10, 100, 1000] {
        let spec = vec![SpecSource { name: "synthetic.yaml".into(), text: synthetic::spec(operations) }];
        group.throughput(Throughput::Elements(operations as u64));
        group.bench_with_input(BenchmarkId::from_parameter(operations), &spec, |b, spec| {
            b.iter(|| codegen::generate(black_box(spec), &options()).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, generation);
criterion_main!(benches);
