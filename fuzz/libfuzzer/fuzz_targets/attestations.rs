#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| kenshin_fuzz::attestations(data));
