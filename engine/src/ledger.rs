//! `kenshin ledger import`: a hospital's existing device ledger (台帳), kept in Excel
//! and saved as CSV, turned into `inventory.toml` `[[device]]` entries.
//!
//! Excel in Japan saves "CSV (コンマ区切り)" as Shift_JIS (CP932) and "CSV UTF-8" with a
//! byte-order mark; both are read, and so are plain UTF-8 and Excel's "Unicode テキスト"
//! (UTF-16 with a BOM, tab-separated). Ledgers often carry a title row above the
//! header, so the header is looked for in the first [`HEADER_SEARCH_ROWS`] rows: the
//! first row naming a device column (機器名 / ホスト名 / name) and a kind column (種別 /
//! kind). Column names are matched loosely (full-width letters, spaces and a trailing
//! note in brackets do not matter), see [`COLUMNS`].
//!
//! A row that cannot become a valid inventory entry (no usable name, an unknown kind,
//! a duplicate name, ...) is skipped and reported with its spreadsheet row number and
//! the reason; the others are converted. Values the inventory has no key for (機種,
//! メーカー, ファームウェア, 備考) are kept as comments above the entry. Devices are
//! written with `connector = "file"` (snapshots dropped in by another tool) because a
//! ledger holds no credentials: switching a device to `ssh` or `snmp` is a deliberate
//! edit that names where its credentials come from.

use std::collections::BTreeMap;

use crate::pack::Lang;

/// Rows searched for the header (title rows and notes often come first).
pub const HEADER_SEARCH_ROWS: usize = 20;

/// What a column of the ledger holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// An ASCII host name; preferred as the device name when present.
    Host,
    /// The device's name in the ledger (used as the name when it is a valid one).
    Name,
    Kind,
    Address,
    Model,
    Maker,
    Firmware,
    Location,
    Owner,
    Vendor,
    RemoteMaintenance,
    Platform,
    Notes,
}

/// Accepted column headers per field, Japanese and English. Matching ignores case,
/// full-width/half-width, spaces, `_`/`-`/`・`, a trailing `の有無`/`有無`, and a
/// trailing note in brackets (`IPアドレス（管理用）`).
pub const COLUMNS: &[(Field, &[&str])] = &[
    (Field::Host, &["ホスト名", "ホストネーム", "hostname", "host", "host name"]),
    (Field::Name, &["機器名", "機器名称", "名称", "装置名", "デバイス名", "name", "device", "device name"]),
    (Field::Kind, &["種別", "機器種別", "種類", "機器種類", "分類", "区分", "kind", "type", "device type"]),
    (Field::Address, &["IPアドレス", "IP", "アドレス", "管理IP", "管理IPアドレス", "address", "ip address"]),
    (Field::Model, &["機種", "機種名", "型番", "型式", "モデル", "model"]),
    (Field::Maker, &["メーカー", "メーカ", "製造元", "maker", "manufacturer"]),
    (Field::Firmware, &["ファームウェア", "OS", "バージョン", "firmware", "version"]),
    (Field::Location, &["設置場所", "場所", "設置先", "location"]),
    (Field::Owner, &["管理者", "管理部署", "担当部署", "管理責任者", "担当者", "owner"]),
    (Field::Vendor, &["保守事業者", "保守業者", "保守会社", "保守ベンダー", "事業者", "ベンダー", "vendor"]),
    (Field::RemoteMaintenance, &["リモート保守", "リモートメンテナンス", "remote maintenance", "remote_maintenance", "remote"]),
    (Field::Platform, &["プラットフォーム", "platform"]),
    (Field::Notes, &["備考", "notes", "note", "comment"]),
];

/// Values of the kind column, matched in this order: Japanese words anywhere in the
/// cell (`L2スイッチ`, `ノートPC`), ASCII words as whole words (`FW`, `AP`).
const KINDS: &[(&str, &[&str])] = &[
    ("firewall", &["ファイアウォール", "ファイヤーウォール", "utm", "fw", "firewall"]),
    ("router", &["ルータ", "router", "vpn router"]),
    ("switch", &["スイッチ", "switch", "l2", "l3", "l2sw", "l3sw"]),
    ("wireless", &["無線", "アクセスポイント", "wireless", "ap", "wlan"]),
    ("server", &["サーバ", "server"]),
    ("terminal", &["端末", "パソコン", "クライアント", "pc", "terminal", "client"]),
    ("other", &["その他", "other"]),
];

/// What the kind column accepts, for messages.
pub const KIND_HELP: &str = "サーバ/server, 端末/PC/terminal, ルータ/router, ファイアウォール/UTM/firewall, \
                             スイッチ/switch, 無線/AP/wireless, その他/other";

/// Why a ledger could not be read at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("not text in UTF-8, UTF-16 or Shift_JIS (CP932) (文字コードを判別できません)")]
    Encoding,
    #[error("row {row}: {message} (CSV として読めません)")]
    Csv { row: usize, message: String },
    #[error(
        "no header row in the first {HEADER_SEARCH_ROWS} rows: need a device column (機器名 / ホスト名 / name) and a kind column (種別 / kind){found} (見出し行が見つかりません)"
    )]
    NoHeader { found: String },
}

/// Why a row was not converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    NoName,
    BadName { value: String },
    DuplicateName { name: String, first_row: usize },
    NoKind,
    UnknownKind { value: String },
    UnknownPlatform { value: String },
    BadRemote { value: String },
}

impl Reason {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::NoName, Lang::Ja) => "機器名（ホスト名）が空です".into(),
            (Reason::NoName, Lang::En) => "the device name (host name) is empty".into(),
            (Reason::BadName { value }, Lang::Ja) => format!(
                "機器名「{value}」は使えません。名前は英数字と - _ . の1～128文字です（スナップショットのフォルダ名になります）。「ホスト名」列に英数字の名前を記入してください（列がなければ追加）"
            ),
            (Reason::BadName { value }, Lang::En) => format!(
                "device name {value:?} is not usable: names are 1-128 characters of A-Z a-z 0-9 - _ . (they name a snapshot folder); give the row an ASCII name in a ホスト名 / hostname column (add the column if there is none)"
            ),
            (Reason::DuplicateName { name, first_row }, Lang::Ja) => {
                format!("機器名「{name}」は {first_row} 行目と重複しています")
            }
            (Reason::DuplicateName { name, first_row }, Lang::En) => {
                format!("device name {name:?} is already used on row {first_row}")
            }
            (Reason::NoKind, Lang::Ja) => format!("種別が空です（{KIND_HELP}）"),
            (Reason::NoKind, Lang::En) => format!("the kind is empty (expected {KIND_HELP})"),
            (Reason::UnknownKind { value }, Lang::Ja) => format!("種別「{value}」を判別できません（{KIND_HELP}）"),
            (Reason::UnknownKind { value }, Lang::En) => format!("kind {value:?} is not one kenshin knows ({KIND_HELP})"),
            (Reason::UnknownPlatform { value }, Lang::Ja) => {
                format!("プラットフォーム「{value}」は kenshin にありません（kenshin platforms で一覧、空欄なら auto）")
            }
            (Reason::UnknownPlatform { value }, Lang::En) => {
                format!("platform {value:?} is unknown (see kenshin platforms; leave it empty for auto)")
            }
            (Reason::BadRemote { value }, Lang::Ja) => {
                format!("リモート保守「{value}」を判別できません（あり/なし、はい/いいえ、○/×、yes/no）")
            }
            (Reason::BadRemote { value }, Lang::En) => {
                format!("remote maintenance {value:?} is neither yes nor no (あり/なし, はい/いいえ, ○/×, yes/no)")
            }
        }
    }
}

/// A row that was not converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Spreadsheet row number (1-based, counting title and header rows).
    pub row: usize,
    pub reason: Reason,
}

/// The result of an import.
#[derive(Debug)]
pub struct Import {
    /// The inventory text (`[[device]]` entries with a header comment).
    pub toml: String,
    /// Names of the devices converted, in ledger order.
    pub devices: Vec<String>,
    pub skipped: Vec<Skipped>,
    /// The encoding the file was read in (`UTF-8`, `UTF-8 (BOM)`, `Shift_JIS (CP932)`, ...).
    pub encoding: &'static str,
    /// Spreadsheet row of the header.
    pub header_row: usize,
    /// Header cells that named no known column (their values are not imported).
    pub ignored_columns: Vec<String>,
}

/// Decodes the file's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, or
/// Shift_JIS as Windows writes it (encoding_rs's Shift_JIS is the WHATWG one, i.e.
/// CP932 with the NEC and IBM extensions).
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), LedgerError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(LedgerError::Encoding);
        }
        let name = match enc.name() {
            "UTF-8" => "UTF-8 (BOM)",
            "UTF-16LE" => "UTF-16LE (BOM)",
            _ => "UTF-16BE (BOM)",
        };
        return Ok((text.into_owned(), name));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), "UTF-8"));
    }
    encoding_rs::SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| (t.into_owned(), "Shift_JIS (CP932)"))
        .ok_or(LedgerError::Encoding)
}

/// Full-width ASCII and the ideographic space to their half-width forms, so that
/// `ＩＰアドレス` and `ＰＣ` match.
fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// A header cell or synonym in the form they are compared in.
fn header_key(s: &str) -> String {
    let mut s = half_width(s).trim().to_lowercase();
    // A trailing note: `IPアドレス（管理用）`, `種別 (サーバ/PC)`.
    for open in ['（', '('] {
        if let Some(i) = s.find(open).filter(|i| *i > 0) {
            s.truncate(i);
        }
    }
    let mut s: String = s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '・' | '*' | '※')).collect();
    for suffix in ["の有無", "有無"] {
        if let Some(stripped) = s.strip_suffix(suffix).filter(|r| !r.is_empty()) {
            s = stripped.to_string();
        }
    }
    s
}

fn field_of(header: &str) -> Option<Field> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    COLUMNS.iter().find(|(_, names)| names.iter().any(|n| header_key(n) == key)).map(|(f, _)| *f)
}

/// The inventory kind for a ledger's kind cell.
pub fn kind_of(value: &str) -> Option<&'static str> {
    let v = half_width(value).trim().to_lowercase();
    if v.is_empty() {
        return None;
    }
    let words: Vec<&str> = v.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let compact: String = v.chars().filter(|c| !c.is_whitespace()).collect();
    KINDS
        .iter()
        .find(|(_, names)| {
            names.iter().any(|n| {
                if n.is_ascii() {
                    // Whole words only: `ap` must not match `laptop`... but `vpn router` may span two.
                    words.contains(n) || (n.contains(' ') && v.contains(n)) || compact == *n
                } else {
                    v.contains(n)
                }
            })
        })
        .map(|(k, _)| *k)
}

/// `Some(true)` for yes-like cells, `Some(false)` for no-like, `None` otherwise.
fn yes_no(value: &str) -> Option<bool> {
    let v = half_width(value).trim().to_lowercase();
    const YES: &[&str] = &["あり", "有", "有り", "はい", "する", "○", "〇", "◯", "yes", "y", "true", "1", "使用", "利用"];
    const NO: &[&str] = &["なし", "無", "無し", "いいえ", "しない", "×", "✕", "-", "no", "n", "false", "0", "未使用", "不使用"];
    if YES.contains(&v.as_str()) {
        Some(true)
    } else if NO.contains(&v.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// The inventory's rule for device names (they become folder names).
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name != "."
        && name != ".."
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A TOML basic string, escaped.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// One line of comment text: a cell may hold line breaks, which would end the comment.
fn comment(s: &str) -> String {
    s.split(['\r', '\n']).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" / ")
}

/// Converts a ledger's bytes. `source` names the file in the output's header comment.
pub fn import(bytes: &[u8], source: &str) -> Result<Import, LedgerError> {
    let (text, encoding) = decode(bytes)?;
    // Excel's "Unicode text" is tab-separated; CSV is comma-separated.
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') { b'\t' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut records = Vec::new();
    for (i, r) in reader.records().enumerate() {
        let r = r.map_err(|e| LedgerError::Csv { row: i + 1, message: e.to_string() })?;
        records.push(r);
    }

    // The header: the first row with a device column and a kind column.
    let mut header = None;
    let mut partial = String::new();
    for (i, r) in records.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let fields: Vec<Option<Field>> = r.iter().map(field_of).collect();
        let has_name = fields.iter().any(|f| matches!(f, Some(Field::Name | Field::Host)));
        let has_kind = fields.contains(&Some(Field::Kind));
        if has_name && has_kind {
            header = Some((i, fields));
            break;
        }
        if (has_name || has_kind) && partial.is_empty() {
            partial = format!(
                "; row {} has {} but no {} column",
                i + 1,
                if has_name { "a device" } else { "a kind" },
                if has_name { "kind (種別)" } else { "device (機器名)" }
            );
        }
    }
    let Some((header_index, fields)) = header else {
        return Err(LedgerError::NoHeader { found: partial });
    };
    // The first column of each field wins; later duplicates are ignored like unknown ones.
    let mut columns: BTreeMap<Field, usize> = BTreeMap::new();
    let mut ignored_columns = Vec::new();
    for (col, f) in fields.iter().enumerate() {
        let cell = records[header_index].get(col).unwrap_or("").trim();
        match f {
            Some(f) if !columns.contains_key(f) => {
                columns.insert(*f, col);
            }
            _ if !cell.is_empty() => ignored_columns.push(cell.to_string()),
            _ => {}
        }
    }

    let mut out = String::new();
    out.push_str(&format!("# kenshin ledger import: {} ({encoding}).\n", comment(source)));
    out.push_str(
        "# connector = \"file\": the device's evidence is dropped into snapshots/<name>/ by another tool.\n\
         # To collect over SSH or SNMP, set connector and the credentials reference (README: 収集).\n",
    );
    let mut devices = Vec::new();
    let mut skipped = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, r) in records.iter().enumerate().skip(header_index + 1) {
        let row = i + 1;
        let cell = |f: Field| columns.get(&f).and_then(|c| r.get(*c)).map(str::trim).unwrap_or("");
        if r.iter().all(|c| c.trim().is_empty()) {
            continue; // Excel leaves empty rows behind; they are not devices.
        }
        let skip = |reason| Skipped { row, reason };
        let (host, display) = (cell(Field::Host), cell(Field::Name));
        let name = if host.is_empty() { display } else { host };
        if name.is_empty() {
            skipped.push(skip(Reason::NoName));
            continue;
        }
        if !valid_name(name) {
            skipped.push(skip(Reason::BadName { value: name.to_string() }));
            continue;
        }
        let kind_cell = cell(Field::Kind);
        let kind = match kind_of(kind_cell) {
            Some(k) => k,
            None if kind_cell.is_empty() => {
                skipped.push(skip(Reason::NoKind));
                continue;
            }
            None => {
                skipped.push(skip(Reason::UnknownKind { value: kind_cell.to_string() }));
                continue;
            }
        };
        let platform = match cell(Field::Platform).to_lowercase() {
            p if p.is_empty() || p == "auto" => "auto".to_string(),
            p if kenshin_connectors::platform::find(&p).is_some() => p,
            _ => {
                skipped.push(skip(Reason::UnknownPlatform { value: cell(Field::Platform).to_string() }));
                continue;
            }
        };
        let remote = match cell(Field::RemoteMaintenance) {
            "" => None,
            v => match yes_no(v) {
                Some(b) => Some(b),
                None => {
                    skipped.push(skip(Reason::BadRemote { value: v.to_string() }));
                    continue;
                }
            },
        };
        if let Some(first_row) = seen.get(name) {
            skipped.push(skip(Reason::DuplicateName { name: name.to_string(), first_row: *first_row }));
            continue;
        }
        seen.insert(name.to_string(), row);

        out.push_str(&format!("\n[[device]]\n# {} row {row}\n", comment(source)));
        if !host.is_empty() && !display.is_empty() && display != host {
            out.push_str(&format!("# 機器名: {}\n", comment(display)));
        }
        for (field, label) in
            [(Field::Model, "機種"), (Field::Maker, "メーカー"), (Field::Firmware, "ファームウェア"), (Field::Notes, "備考")]
        {
            let v = comment(cell(field));
            if !v.is_empty() {
                out.push_str(&format!("# {label}: {v}\n"));
            }
        }
        out.push_str(&format!("name = {}\nkind = {}\nplatform = {}\n", quoted(name), quoted(kind), quoted(&platform)));
        if !cell(Field::Address).is_empty() {
            out.push_str(&format!("address = {}\n", quoted(cell(Field::Address))));
        }
        out.push_str("connector = \"file\"\n");
        for (field, key) in [(Field::Location, "location"), (Field::Owner, "owner"), (Field::Vendor, "vendor")] {
            if !cell(field).is_empty() {
                out.push_str(&format!("{key} = {}\n", quoted(cell(field))));
            }
        }
        if let Some(b) = remote {
            out.push_str(&format!("remote_maintenance = {b}\n"));
        }
        devices.push(name.to_string());
    }
    Ok(Import { toml: out, devices, skipped, encoding, header_row: header_index + 1, ignored_columns })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_loosely() {
        assert_eq!(field_of("ＩＰアドレス（管理用）"), Some(Field::Address));
        assert_eq!(field_of(" 機器名 "), Some(Field::Name));
        assert_eq!(field_of("Remote_Maintenance"), Some(Field::RemoteMaintenance));
        assert_eq!(field_of("リモート保守の有無"), Some(Field::RemoteMaintenance));
        assert_eq!(field_of("ホスト名"), Some(Field::Host));
        assert_eq!(field_of("購入日"), None);
        assert_eq!(field_of(""), None);
    }

    #[test]
    fn kinds_in_japanese_and_english() {
        for (cell, kind) in [
            ("サーバ", "server"),
            ("サーバー（仮想）", "server"),
            ("端末", "terminal"),
            ("ノートPC", "terminal"),
            ("ＰＣ", "terminal"),
            ("ルータ", "router"),
            ("VPNルータ", "router"),
            ("ファイアウォール", "firewall"),
            ("UTM", "firewall"),
            ("L2スイッチ", "switch"),
            ("スイッチ", "switch"),
            ("無線アクセスポイント", "wireless"),
            ("firewall", "firewall"),
            ("その他", "other"),
        ] {
            assert_eq!(kind_of(cell), Some(kind), "{cell}");
        }
        assert_eq!(kind_of("laptop"), None, "ap only as a whole word");
        assert_eq!(kind_of("複合機"), None);
        assert_eq!(kind_of(""), None);
    }

    #[test]
    fn yes_and_no() {
        assert_eq!(yes_no("あり"), Some(true));
        assert_eq!(yes_no("○"), Some(true));
        assert_eq!(yes_no("ＹＥＳ"), Some(true));
        assert_eq!(yes_no("なし"), Some(false));
        assert_eq!(yes_no("×"), Some(false));
        assert_eq!(yes_no("たぶん"), None);
    }

    #[test]
    fn encodings() {
        let text = "機器名,種別\nsv1,サーバ\n";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        assert_eq!(decode(&sjis).expect("sjis"), (text.to_string(), "Shift_JIS (CP932)"));
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom).expect("bom"), (text.to_string(), "UTF-8 (BOM)"));
        assert_eq!(decode(text.as_bytes()).expect("utf8").1, "UTF-8");
        // Neither UTF-8 nor Shift_JIS: 0xFF is no Shift_JIS byte; 0x82 at the end is half a character.
        assert!(matches!(decode(b"\xFF\xFFabc"), Err(LedgerError::Encoding)));
        assert!(matches!(decode(b"name,kind\n\x82"), Err(LedgerError::Encoding)));
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(comment("a\r\nb\n\nc"), "a / b / c");
    }
}
