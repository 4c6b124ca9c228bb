//! Generates the crate's client from two specs into `OUT_DIR/api.rs`, which
//! `src/lib.rs` includes in its module `api`.

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    codegen::Generator::new("api")
        .spec("../../api-spec/toggl-v9.yaml")
        .spec("../specs/minimal-client.yaml")
        .options(options())
        .write_to(&out_dir)
        .unwrap_or_else(|message| panic!("{message}"));
}

/// What `codegen.toml` would say of this client: the notes spec's module is
/// `notes`, its `Format` schema is this crate's `note::Format`, and requests
/// are sent once unless the caller gives a retry policy.
fn options() -> codegen::Options {
    let mut options = codegen::Options::new("build-script-client", "cargo build");
    options.modules.insert("../specs/minimal-client.yaml".into(), "notes".into());
    options.types.insert("Format".into(), "crate::note::Format".into());
    options.retry = false;
    options
}
