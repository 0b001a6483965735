//! The facts JSON Schema (facts/schema/facts-v1.json) is generated from the Rust
//! types, kept in step with them, and real parser output validates against it.
//!
//! After changing the facts types, regenerate with
//! `KENSHIN_UPDATE_SCHEMA=1 cargo test -p kenshin-engine --test facts_schema`.

mod common;

use kenshin_connectors::Site;
use kenshin_facts::Facts;

#[test]
fn checked_in_schema_matches_the_types() {
    let path = common::root().join("facts/schema/facts-v1.json");
    let generated = serde_json::to_string_pretty(&schemars::schema_for!(Facts)).expect("schema") + "\n";
    if std::env::var_os("KENSHIN_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("write schema");
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(on_disk == generated, "{} is stale: regenerate it (see this test's module docs)", path.display());
}

#[test]
fn demo_site_facts_validate_against_the_schema() {
    let schema = common::read_json(&common::root().join("facts/schema/facts-v1.json"));
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let site = Site::load(&common::demo_site()).expect("demo site");
    let mut checked = 0;
    for entry in &site.inventory.devices {
        let facts = kenshin_engine::scan::device_facts(&site, entry).facts.expect("demo snapshots are readable");
        let value = serde_json::to_value(&facts).expect("facts serialise");
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", entry.name);
        // And it reads back to the same facts (what the guest does).
        let back: Facts = serde_json::from_value(value).expect("round trip");
        assert_eq!(back, facts);
        checked += 1;
    }
    assert_eq!(checked, site.inventory.devices.len());
}
