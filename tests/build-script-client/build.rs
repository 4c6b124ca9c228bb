//! Generates the crate's client from two specs into `OUT_DIR/api.rs`, which
//! `src/lib.rs` includes in its module `api`.

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    codegen::Generator::new("api")
        .spec("../../api-spec/toggl-v9.yaml")
        .spec("../specs/minimal-client.yaml")
        .write_to(&out_dir)
        .unwrap_or_else(|message| panic!("{message}"));
}
