//! `kenshin ledger import`: Excel ledgers (CP932, UTF-8 with and without BOM, UTF-16
//! text) into inventory.toml entries that kenshin's own inventory parser loads; rows it
//! cannot use reported by row number and reason; exit codes 0 / 1 / 2; and kenshin's
//! own ledger.csv read back into the inventory it came from.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::demo_site;
use kenshin_connectors::Inventory;
use kenshin_engine::pack::Lang;
use kenshin_engine::report::{self, ScanJob};

fn import(file: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kenshin")).args(["ledger", "import"]).arg(file).args(extra).output().expect("run kenshin")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Loads inventory text with kenshin's own parser.
fn load(text: &str) -> Inventory {
    Inventory::parse(Path::new("inventory.toml"), text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// A ledger as a Japanese hospital keeps it: a title row, an empty row, then the header;
/// an unusable row of each kind, an empty row in between, a cell with a line break.
const LEDGER: &[&str] = &[
    "機器台帳（令和7年4月1日現在）,,,,,,,,,,",
    ",,,,,,,,,,",
    "No.,機器名,ホスト名,種別,IPアドレス（管理用）,機種,設置場所,管理部署,保守事業者,リモート保守の有無,購入日",
    "1,電子カルテサーバ,emr-sv01,サーバ,10.0.0.10,PRIMERGY RX2540,サーバ室,医療情報部,B社,あり,2020/4/1",
    "2,コアスイッチ,core-sw,L3スイッチ,10.0.0.2,Catalyst 9300,サーバ室,情報システム課,A社,なし,2021/4/1",
    "3,受付PC,,端末,10.0.1.5,,1F受付,医事課,,,",
    "4,複合機,mfp01,複合機,10.0.1.9,,2F,総務課,C社,なし,",
    ",,,,,,,,,,",
    "5,保守VPN,vpn-gw,UTM,203.0.113.1,\"FortiGate-60F\r\nv7.2\",サーバ室,情報システム課,B社,○,",
    "6,コアスイッチ予備,core-sw,スイッチ,,,,,,なし,",
    "7,病棟PC,ward-pc01,ノートＰＣ,,,3F 病棟,看護部,,×,",
    "8,検査ルータ,lab-rtr,ルータ,10.20.0.1,,検査棟,情報システム課,A社,たぶん,",
];

fn cp932(rows: &[&str]) -> Vec<u8> {
    let text = rows.join("\r\n") + "\r\n";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn a_cp932_ledger_is_converted_and_unusable_rows_are_reported() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("機器台帳.csv");
    std::fs::write(&file, cp932(LEDGER)).expect("write");
    let o = import(&file, &[]);
    assert_eq!(o.status.code(), Some(1), "some rows skipped: {}", stderr(&o));
    let err = stderr(&o);
    // Spreadsheet row numbers, counting the title rows, and why.
    let expected: [(usize, &[&str]); 4] = [
        (6, &["機器名「受付PC」は使えません", "ホスト名"]),
        (7, &["種別「複合機」を判別できません"]),
        (10, &["core-sw", "5 行目と重複"]),
        (12, &["リモート保守「たぶん」を判別できません"]),
    ];
    for (row, needles) in expected {
        let line = err.lines().find(|l| l.contains(&format!(" {row} 行目"))).unwrap_or_else(|| panic!("row {row}: {err}"));
        assert!(needles.iter().all(|n| line.contains(n)), "row {row}: {line}");
    }
    assert!(err.contains("使わなかった列: No., 購入日"), "{err}");
    assert!(
        err.contains("Shift_JIS (CP932)") && err.contains("見出し 3 行目") && err.contains("4 台を変換、4 行を変換せず"),
        "{err}"
    );

    let text = String::from_utf8(o.stdout).expect("utf-8 output");
    let inv = load(&text);
    let names: Vec<&str> = inv.devices.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["emr-sv01", "core-sw", "vpn-gw", "ward-pc01"]);
    let emr = inv.device("emr-sv01").expect("emr");
    assert_eq!(emr.kind.as_str(), "server");
    assert_eq!(emr.platform, "auto");
    assert_eq!(emr.address.as_deref(), Some("10.0.0.10"));
    assert_eq!(emr.location.as_deref(), Some("サーバ室"));
    assert_eq!(emr.owner.as_deref(), Some("医療情報部"));
    assert_eq!(emr.vendor.as_deref(), Some("B社"));
    assert_eq!(emr.remote_maintenance, Some(true));
    assert_eq!(inv.device("core-sw").expect("sw").kind.as_str(), "switch");
    assert_eq!(inv.device("core-sw").expect("sw").remote_maintenance, Some(false));
    assert_eq!(inv.device("vpn-gw").expect("vpn").kind.as_str(), "firewall");
    assert_eq!(inv.device("vpn-gw").expect("vpn").remote_maintenance, Some(true));
    assert_eq!(inv.device("ward-pc01").expect("pc").kind.as_str(), "terminal");
    // What the inventory has no key for stays as a comment, on one line.
    assert!(text.contains("# 機器名: 電子カルテサーバ\n# 機種: PRIMERGY RX2540\n"), "{text}");
    assert!(text.contains("# 機種: FortiGate-60F / v7.2\n"), "{text}");
}

#[test]
fn utf8_with_bom_and_english_headers_converts_every_row_into_out() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("ledger.csv");
    let csv = "\u{feff}name,kind,address,location,owner,vendor,remote_maintenance,platform\n\
               edge,firewall,192.0.2.1,\"Server room, 2F\",IT,\"Vendor \"\"A\"\"\",yes,fortinet\n\
               pc-1,PC,,Ward 3,Nursing,,no,\n";
    std::fs::write(&file, csv).expect("write");
    let out = tmp.path().join("inventory.toml");
    let o = import(&file, &["--out", out.to_str().expect("path"), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "with --out nothing on stdout");
    assert!(stderr(&o).contains("UTF-8 (BOM), header on row 1): 2 devices converted, 0 rows skipped"), "{}", stderr(&o));
    let inv = Inventory::load(&out).expect("kenshin loads what it wrote");
    let edge = inv.device("edge").expect("edge");
    assert_eq!(edge.platform, "fortinet");
    assert_eq!(edge.location.as_deref(), Some("Server room, 2F"));
    assert_eq!(edge.vendor.as_deref(), Some("Vendor \"A\""));
    assert_eq!(inv.device("pc-1").expect("pc").kind.as_str(), "terminal");
    // An existing file is not replaced without --force.
    let again = import(&file, &["--out", out.to_str().expect("path")]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(stderr(&again).contains("--force"));
    let forced = import(&file, &["--out", out.to_str().expect("path"), "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
}

#[test]
fn utf16_unicode_text_is_read_tab_separated() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("ledger.txt");
    let text = "ホスト名\t種別\t設置場所\r\nsrv-1\tサーバー\t本館\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&file, bytes).expect("write");
    let o = import(&file, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let inv = load(&String::from_utf8(o.stdout).expect("utf-8"));
    assert_eq!(inv.device("srv-1").expect("srv").location.as_deref(), Some("本館"));
}

#[test]
fn bad_input_exits_2() {
    let tmp = tempfile::tempdir().expect("tmp");
    let no_header = tmp.path().join("no-header.csv");
    std::fs::write(&no_header, "購入日,金額\n2020/4/1,100\n").expect("write");
    let o = import(&no_header, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no header row") && stderr(&o).contains("種別"), "{}", stderr(&o));
    // A header with names but no kind column says which column is missing.
    let no_kind = tmp.path().join("no-kind.csv");
    std::fs::write(&no_kind, "機器名,設置場所\nsv1,本館\n").expect("write");
    let o = import(&no_kind, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("row 1 has a device but no kind (種別) column"), "{}", stderr(&o));
    let binary = tmp.path().join("ledger.xlsx");
    std::fs::write(&binary, b"PK\x03\x04\xff\xfe\x00\x82").expect("write");
    let o = import(&binary, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("文字コード"), "{}", stderr(&o));
    let o = import(&tmp.path().join("absent.csv"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
}

#[test]
fn kenshins_own_ledger_csv_reads_back_into_the_inventory() {
    let demo = Inventory::load(&demo_site().join("inventory.toml")).expect("demo inventory");
    for lang in [Lang::Ja, Lang::En] {
        let tmp = tempfile::tempdir().expect("tmp");
        report::run(&ScanJob { out: Some(tmp.path().join("run")), lang, ..ScanJob::new(demo_site()) }).expect("scan");
        let o = import(&tmp.path().join("run/ledger.csv"), &[]);
        assert_eq!(o.status.code(), Some(0), "{lang:?}: {}", stderr(&o));
        let back = load(&String::from_utf8(o.stdout).expect("utf-8"));
        assert_eq!(back.devices.len(), demo.devices.len());
        for (a, b) in demo.devices.iter().zip(&back.devices) {
            assert_eq!(
                (&a.name, a.kind, &a.platform, &a.address, &a.location, &a.owner, &a.vendor, a.remote_maintenance),
                (&b.name, b.kind, &b.platform, &b.address, &b.location, &b.owner, &b.vendor, b.remote_maintenance),
                "{lang:?}"
            );
        }
    }
}
