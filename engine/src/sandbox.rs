//! The Wasm sandbox policy modules run in (ABI v1, `policies/ABI.md`).
//!
//! What a module gets: its own linear memory, and the optional `kenshin.log` import.
//! No WASI, clock, randomness, files or network. What bounds it, per evaluation: a
//! wall-clock deadline (epoch interruption, so a loop without calls is stopped too),
//! a memory cap and a table cap enforced by [`Limits`], the default wasm stack limit,
//! and an output size cap. Every failure is an [`SandboxError`] for that one
//! evaluation; nothing a module does can end the scan.
//!
//! Compiled modules are cached on disk ([`ModuleCache`]) so a scheduled scan does not
//! recompile the same pack every night; each evaluation instantiates afresh from an
//! [`InstancePre`], so no state leaks from one device to the next.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use kenshin_policy::Output;
use sha2::{Digest, Sha256};
use wasmtime::{
    Caller, Config, Engine, ExternType, InstanceAllocationStrategy, InstancePre, Linker, Module, PoolingAllocationConfig,
    ResourceLimiter, Store, Trap, ValType,
};

/// Epoch tick: the deadline's granularity.
const TICK: Duration = Duration::from_millis(5);
/// Output JSON larger than this is refused before it is read.
pub const MAX_OUTPUT_BYTES: usize = 16 * 1024 * 1024;
/// Table elements a module may have.
pub const MAX_TABLE_ELEMENTS: usize = 100_000;
const MAX_LOG_LINES: usize = 100;
const PAGE: usize = 65536;
const MAX_LOG_LINE_BYTES: usize = 1024;

/// Limits of one evaluation.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub deadline: Duration,
    pub memory_limit_bytes: usize,
    /// Where compiled modules are cached; `None` disables the cache.
    pub cache_dir: Option<PathBuf>,
    /// Evaluations that may run at once (the size of the instance pool).
    pub max_concurrent: u32,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            deadline: Duration::from_millis(1000),
            memory_limit_bytes: 64 << 20,
            cache_dir: default_cache_dir(),
            max_concurrent: default_concurrency(),
        }
    }
}

/// Enough instance slots for one evaluation per core, with room to spare.
pub fn default_concurrency() -> u32 {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(4) as u32;
    cores * 2 + 8
}

/// `$KENSHIN_CACHE_DIR`, else `$XDG_CACHE_HOME/kenshin`, else `~/.cache/kenshin`.
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("KENSHIN_CACHE_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return Some(PathBuf::from(d).join("kenshin"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("kenshin"))
}

/// Why a module could not be loaded or an evaluation produced no results.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("not a valid WebAssembly module: {0}")]
    Invalid(String),
    #[error("imports {module}.{name}, which the sandbox does not provide (only kenshin.log(i32, i32, i32) is allowed; no WASI)")]
    ForbiddenImport { module: String, name: String },
    #[error("export {name:?} is missing or has the wrong type (expected {expected})")]
    BadExport { name: &'static str, expected: &'static str },
    #[error("imports {module}.{name}, which its pack does not declare in pack.toml [capabilities] imports")]
    UndeclaredImport { module: String, name: String },
    #[error(
        "the pack asks for {asked} {what} per device, above this site's ceiling of {ceiling} (site.toml [sandbox] {setting})"
    )]
    AboveCeiling { what: &'static str, asked: u64, ceiling: u64, setting: &'static str },
    #[error("module implements ABI {0}; this kenshin implements ABI 1")]
    AbiVersion(i32),
    #[error("exceeded its time limit of {0:?}")]
    Deadline(Duration),
    #[error("exceeded its memory limit of {0} MiB")]
    MemoryLimit(usize),
    #[error("exceeded its table limit of {MAX_TABLE_ELEMENTS} elements")]
    TableLimit,
    #[error("exhausted its stack (runaway recursion)")]
    StackOverflow,
    #[error("trapped: {0}")]
    Trap(String),
    #[error("returned an output of {0} bytes, more than the {MAX_OUTPUT_BYTES}-byte limit")]
    OutputTooLarge(usize),
    #[error("returned an output pointer/length outside its memory ({ptr:#x}+{len})")]
    OutputOutOfBounds { ptr: usize, len: usize },
    #[error("returned output that is not UTF-8: {0}")]
    OutputNotUtf8(std::str::Utf8Error),
    #[error("returned output that is not ABI v1 JSON: {0}")]
    OutputNotJson(serde_json::Error),
    #[error("reported an error: {0}")]
    GuestError(String),
    #[error("sandbox set-up failed: {0}")]
    Setup(String),
}

/// Resource caps of one store. Growing past them traps at once, so a module that
/// retries `memory.grow` in a loop does not spin until the deadline.
struct Limits {
    memory_bytes: usize,
    memory_hit: bool,
    table_hit: bool,
}

impl ResourceLimiter for Limits {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired > self.memory_bytes {
            self.memory_hit = true;
            return Err(wasmtime::Error::msg("memory limit"));
        }
        Ok(true)
    }
    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired > MAX_TABLE_ELEMENTS {
            self.table_hit = true;
            return Err(wasmtime::Error::msg("table limit"));
        }
        Ok(true)
    }
    fn instances(&self) -> usize {
        1
    }
    fn memories(&self) -> usize {
        1
    }
    fn tables(&self) -> usize {
        4
    }
}

/// Per-evaluation state the host functions see.
struct GuestState {
    limits: Limits,
    logs: Vec<(i32, String)>,
    logs_dropped: usize,
}

/// Stops the epoch ticker thread when the sandbox goes away.
struct Ticker(Arc<AtomicBool>);

impl Drop for Ticker {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// A configured Wasm engine; load modules with [`Sandbox::load`].
pub struct Sandbox {
    engine: Engine,
    linker: Linker<GuestState>,
    config: SandboxConfig,
    cache: ModuleCache,
    _ticker: Ticker,
}

impl Sandbox {
    pub fn new(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        let mut wasm = Config::new();
        wasm.epoch_interruption(true);
        // Instances come from a pool of pre-reserved slots: a fresh instance per
        // evaluation then costs no mmap/munmap, which otherwise serialises parallel
        // evaluations on the kernel's address-space lock. Slot limits sit just above
        // the sandbox's own, so `Limits` reports the precise reason first.
        let mut pool = PoolingAllocationConfig::default();
        pool.total_core_instances(config.max_concurrent + 1)
            .total_memories(config.max_concurrent + 1)
            .total_tables(4 * (config.max_concurrent + 1))
            .max_memories_per_module(1)
            .max_tables_per_module(4)
            .table_elements(MAX_TABLE_ELEMENTS + 1)
            .max_memory_size(config.memory_limit_bytes.saturating_add(PAGE));
        wasm.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        wasm.max_wasm_stack(512 * 1024);
        // Threads and shared memory (which would let a module outlive its evaluation)
        // are not compiled in: wasmtime is built without its `threads` feature.
        let engine = Engine::new(&wasm).map_err(|e| SandboxError::Setup(e.to_string()))?;
        let mut linker = Linker::new(&engine);
        linker
            .func_wrap("kenshin", "log", |mut caller: Caller<'_, GuestState>, level: i32, ptr: i32, len: i32| {
                let memory = caller.get_export("memory").and_then(|e| e.into_memory());
                let text = memory.and_then(|m| {
                    let data = m.data(&caller);
                    let start = ptr as u32 as usize;
                    let len = (len as u32 as usize).min(MAX_LOG_LINE_BYTES);
                    data.get(start..start.checked_add(len)?).map(|b| String::from_utf8_lossy(b).into_owned())
                });
                let state = caller.data_mut();
                match text {
                    Some(t) if state.logs.len() < MAX_LOG_LINES => state.logs.push((level, t)),
                    _ => state.logs_dropped += 1,
                }
            })
            .map_err(|e| SandboxError::Setup(e.to_string()))?;
        let stop = Arc::new(AtomicBool::new(false));
        let ticker_engine = engine.clone();
        let ticker_stop = stop.clone();
        std::thread::Builder::new()
            .name("kenshin-epoch".into())
            .spawn(move || {
                // The epoch follows the wall clock, not the number of wake-ups: on a
                // loaded machine `sleep` overshoots, and counting wake-ups would stretch
                // the deadline by the overshoot.
                let start = std::time::Instant::now();
                let mut ticks: u128 = 0;
                while !ticker_stop.load(Ordering::Relaxed) {
                    std::thread::sleep(TICK);
                    let due = start.elapsed().as_millis() / TICK.as_millis();
                    while ticks < due {
                        ticker_engine.increment_epoch();
                        ticks += 1;
                    }
                }
            })
            .map_err(|e| SandboxError::Setup(e.to_string()))?;
        let cache = ModuleCache::new(config.cache_dir.clone());
        Ok(Sandbox { engine, linker, config, cache, _ticker: Ticker(stop) })
    }

    /// [`Sandbox::load_granted`] with every host function and the site's full limits.
    pub fn load(&self, wasm: &[u8]) -> Result<PolicyModule, SandboxError> {
        self.load_granted(wasm, &Grant::everything())
    }

    /// Validates, compiles (or loads from the cache) and pre-links a module. Refuses
    /// modules with imports the sandbox does not provide or `grant` does not declare,
    /// modules without the ABI's exports, and grants above the sandbox's ceilings;
    /// checks the module's ABI version under the evaluation limits.
    pub fn load_granted(&self, wasm: &[u8], grant: &Grant) -> Result<PolicyModule, SandboxError> {
        let mut config = self.config.clone();
        if let Some(memory) = grant.memory_limit_bytes {
            if memory > self.config.memory_limit_bytes {
                return Err(SandboxError::AboveCeiling {
                    what: "MiB of memory",
                    asked: (memory >> 20) as u64,
                    ceiling: (self.config.memory_limit_bytes >> 20) as u64,
                    setting: "memory_limit_mib",
                });
            }
            config.memory_limit_bytes = memory;
        }
        if let Some(deadline) = grant.deadline {
            if deadline > self.config.deadline {
                return Err(SandboxError::AboveCeiling {
                    what: "ms of time",
                    asked: deadline.as_millis() as u64,
                    ceiling: self.config.deadline.as_millis() as u64,
                    setting: "deadline_ms",
                });
            }
            config.deadline = deadline;
        }
        let module = self.cache.module(&self.engine, wasm)?;
        check_imports(&module, grant)?;
        check_exports(&module)?;
        let pre = self.linker.instantiate_pre(&module).map_err(|e| SandboxError::Invalid(e.to_string()))?;
        let has_site = module.get_export(SITE_EXPORT).is_some();
        let policy = PolicyModule { engine: self.engine.clone(), pre, config, has_site };
        let (mut store, instance) = policy.instantiate(policy.config.deadline)?;
        let version = instance
            .get_typed_func::<(), i32>(&mut store, "kenshin_abi_version")
            .map_err(|_| SandboxError::BadExport { name: "kenshin_abi_version", expected: "() -> i32" })?
            .call(&mut store, ())
            .map_err(|e| policy.classify(&store, e, policy.config.deadline))?;
        if version != 1 {
            return Err(SandboxError::AbiVersion(version));
        }
        Ok(policy)
    }
}

/// Host functions the sandbox provides, as `module.name`, with what they let a module do.
pub const HOST_FUNCTIONS: &[(&str, &str, &str)] = &[(
    "kenshin.log",
    "write up to 100 log lines per device into kenshin's debug log (secrets never reach a module, so none can be logged)",
    "デバイスごとに最大 100 行のログを kenshin のデバッグログへ書く（秘密情報はモジュールに渡らないため記録されない）",
)];

/// What a pack's manifest grants its module: the host functions it may import and
/// its limits per evaluation (`None`: the sandbox's own, which are also the ceiling).
#[derive(Debug, Clone, Default)]
pub struct Grant {
    pub imports: Vec<String>,
    pub memory_limit_bytes: Option<usize>,
    pub deadline: Option<Duration>,
}

impl Grant {
    /// Every host function, the sandbox's limits.
    pub fn everything() -> Grant {
        Grant { imports: HOST_FUNCTIONS.iter().map(|(n, _, _)| n.to_string()).collect(), ..Grant::default() }
    }
}

fn check_imports(module: &Module, grant: &Grant) -> Result<(), SandboxError> {
    for import in module.imports() {
        let ok = import.module() == "kenshin"
            && import.name() == "log"
            && matches!(import.ty(), ExternType::Func(f)
                if f.params().len() == 3 && f.params().all(|p| matches!(p, ValType::I32)) && f.results().len() == 0);
        let (m, n) = (import.module().to_string(), import.name().to_string());
        if !ok {
            return Err(SandboxError::ForbiddenImport { module: m, name: n });
        }
        if !grant.imports.iter().any(|g| *g == format!("{m}.{n}")) {
            return Err(SandboxError::UndeclaredImport { module: m, name: n });
        }
    }
    Ok(())
}

fn check_exports(module: &Module) -> Result<(), SandboxError> {
    let func =
        |name: &'static str, params: &[ValType], results: &[ValType], expected: &'static str| -> Result<(), SandboxError> {
            let bad = SandboxError::BadExport { name, expected };
            match module.get_export(name) {
                Some(ExternType::Func(f)) => {
                    let same =
                        |a: ValType, b: &ValType| matches!((a, b), (ValType::I32, ValType::I32) | (ValType::I64, ValType::I64));
                    let ok = f.params().len() == params.len()
                        && f.params().zip(params).all(|(a, b)| same(a, b))
                        && f.results().len() == results.len()
                        && f.results().zip(results).all(|(a, b)| same(a, b));
                    if ok { Ok(()) } else { Err(bad) }
                }
                _ => Err(bad),
            }
        };
    if !matches!(module.get_export("memory"), Some(ExternType::Memory(_))) {
        return Err(SandboxError::BadExport { name: "memory", expected: "a memory" });
    }
    func("kenshin_abi_version", &[], &[ValType::I32], "() -> i32")?;
    func("kenshin_alloc", &[ValType::I32], &[ValType::I32], "(i32) -> i32")?;
    func("kenshin_evaluate", &[ValType::I32, ValType::I32], &[ValType::I64], "(i32, i32) -> i64")?;
    // Optional; when present it must have the same shape as kenshin_evaluate.
    if module.get_export(SITE_EXPORT).is_some() {
        func(SITE_EXPORT, &[ValType::I32, ValType::I32], &[ValType::I64], "(i32, i32) -> i64")?;
    }
    Ok(())
}

/// The optional site entry point (ABI v1, additive).
pub const SITE_EXPORT: &str = "kenshin_evaluate_site";
/// The most time a site evaluation gets, however many devices the site has: the
/// per-device deadline times the device count, up to this.
pub const MAX_SITE_DEADLINE: Duration = Duration::from_secs(60);

/// The deadline of a site evaluation over `devices` devices: the per-device
/// `deadline` for each device (the site call reads all their facts), at least one
/// device's worth and at most [`MAX_SITE_DEADLINE`] (or the per-device deadline, if
/// that is longer), so a huge site cannot hold the scan for hours.
pub fn site_deadline(deadline: Duration, devices: usize) -> Duration {
    let n = u32::try_from(devices.max(1)).unwrap_or(u32::MAX);
    deadline.saturating_mul(n).min(MAX_SITE_DEADLINE.max(deadline))
}

/// A loaded policy module, ready to evaluate devices (from any thread).
pub struct PolicyModule {
    engine: Engine,
    pre: InstancePre<GuestState>,
    config: SandboxConfig,
    /// Whether the module exports the optional site entry point.
    has_site: bool,
}

/// A successful evaluation.
#[derive(Debug)]
pub struct Evaluation {
    pub output: Output,
    /// `(level, line)` written by the module through `kenshin.log`.
    pub logs: Vec<(i32, String)>,
}

impl PolicyModule {
    /// Whether the module exports `kenshin_evaluate_site`.
    pub fn has_site(&self) -> bool {
        self.has_site
    }

    /// The deadline of one per-device evaluation.
    pub fn deadline(&self) -> Duration {
        self.config.deadline
    }

    fn instantiate(&self, deadline: Duration) -> Result<(Store<GuestState>, wasmtime::Instance), SandboxError> {
        let state = GuestState {
            limits: Limits { memory_bytes: self.config.memory_limit_bytes, memory_hit: false, table_hit: false },
            logs: Vec::new(),
            logs_dropped: 0,
        };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|s| &mut s.limits);
        let ticks = deadline.as_millis().div_ceil(TICK.as_millis()).max(1) as u64;
        store.set_epoch_deadline(ticks);
        store.epoch_deadline_trap();
        // The start function runs here, under the same deadline and limits.
        let instance = self.pre.instantiate(&mut store).map_err(|e| self.classify(&store, e, deadline))?;
        Ok((store, instance))
    }

    /// Turns a wasmtime error into the reason a user can act on.
    fn classify(&self, store: &Store<GuestState>, err: wasmtime::Error, deadline: Duration) -> SandboxError {
        let limits = &store.data().limits;
        if limits.memory_hit {
            return SandboxError::MemoryLimit(self.config.memory_limit_bytes >> 20);
        }
        if limits.table_hit {
            return SandboxError::TableLimit;
        }
        match err.downcast_ref::<Trap>() {
            Some(Trap::Interrupt) => SandboxError::Deadline(deadline),
            Some(Trap::StackOverflow) => SandboxError::StackOverflow,
            Some(t) => SandboxError::Trap(t.to_string()),
            None => SandboxError::Trap(format!("{err:#}")),
        }
    }

    /// Runs the module on one input document (ABI v1 input JSON).
    pub fn evaluate(&self, input: &[u8]) -> Result<Evaluation, SandboxError> {
        self.call("kenshin_evaluate", input, self.config.deadline)
    }

    /// Runs the site entry point on the site input (ABI v1 site input JSON), under
    /// `deadline` (see [`site_deadline`]) and the usual memory and output limits.
    pub fn evaluate_site(&self, input: &[u8], deadline: Duration) -> Result<Evaluation, SandboxError> {
        if !self.has_site {
            return Err(SandboxError::BadExport { name: SITE_EXPORT, expected: "(i32, i32) -> i64" });
        }
        self.call(SITE_EXPORT, input, deadline)
    }

    fn call(&self, export: &'static str, input: &[u8], deadline: Duration) -> Result<Evaluation, SandboxError> {
        let (mut store, instance) = self.instantiate(deadline)?;
        let memory =
            instance.get_memory(&mut store, "memory").ok_or(SandboxError::BadExport { name: "memory", expected: "a memory" })?;
        let alloc = instance
            .get_typed_func::<i32, i32>(&mut store, "kenshin_alloc")
            .map_err(|_| SandboxError::BadExport { name: "kenshin_alloc", expected: "(i32) -> i32" })?;
        let evaluate = instance
            .get_typed_func::<(i32, i32), i64>(&mut store, export)
            .map_err(|_| SandboxError::BadExport { name: export, expected: "(i32, i32) -> i64" })?;
        let len = i32::try_from(input.len()).map_err(|_| SandboxError::Setup("input larger than 2 GiB".into()))?;
        let ptr = alloc.call(&mut store, len).map_err(|e| self.classify(&store, e, deadline))?;
        memory
            .write(&mut store, ptr as u32 as usize, input)
            .map_err(|_| SandboxError::Trap(format!("kenshin_alloc returned {ptr:#x}, outside memory, for {len} bytes")))?;
        let packed = evaluate.call(&mut store, (ptr, len)).map_err(|e| self.classify(&store, e, deadline))? as u64;
        let out_ptr = (packed >> 32) as usize;
        let out_len = (packed & 0xffff_ffff) as usize;
        if out_len > MAX_OUTPUT_BYTES {
            return Err(SandboxError::OutputTooLarge(out_len));
        }
        let data = memory.data(&store);
        let bytes = out_ptr
            .checked_add(out_len)
            .and_then(|end| data.get(out_ptr..end))
            .ok_or(SandboxError::OutputOutOfBounds { ptr: out_ptr, len: out_len })?;
        let text = std::str::from_utf8(bytes).map_err(SandboxError::OutputNotUtf8)?;
        let output: Output = serde_json::from_str(text).map_err(SandboxError::OutputNotJson)?;
        if let Some(e) = &output.error {
            return Err(SandboxError::GuestError(e.chars().take(500).collect()));
        }
        let state = store.into_data();
        let mut logs = state.logs;
        if state.logs_dropped > 0 {
            logs.push((1, format!("{} further log lines dropped", state.logs_dropped)));
        }
        Ok(Evaluation { output, logs })
    }
}

/// On-disk cache of compiled modules, keyed by the module's sha256 and everything
/// about the engine that affects compiled code.
///
/// Loading a cached artefact runs native code, so the cache must be as trusted as
/// the binary: it lives in the user's own cache folder, is written atomically, and a
/// file that fails to load is replaced by a fresh compilation.
pub struct ModuleCache {
    dir: Option<PathBuf>,
}

impl ModuleCache {
    pub fn new(dir: Option<PathBuf>) -> Self {
        ModuleCache { dir }
    }

    fn path_for(dir: &Path, engine: &Engine, wasm: &[u8]) -> PathBuf {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut h);
        let digest = hex::encode(Sha256::digest(wasm));
        dir.join(format!("{digest}-{:016x}.cwasm", h.finish()))
    }

    /// Compiles `wasm`, or loads it from the cache.
    pub fn module(&self, engine: &Engine, wasm: &[u8]) -> Result<Module, SandboxError> {
        // Refuse garbage before it reaches the compiler or the cache.
        if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
            return Err(SandboxError::Invalid("missing the \\0asm header".into()));
        }
        let Some(dir) = &self.dir else {
            return Module::from_binary(engine, wasm).map_err(|e| SandboxError::Invalid(format!("{e:#}")));
        };
        let path = Self::path_for(dir, engine, wasm);
        if path.is_file() {
            // SAFETY: the file was written by `Module::serialize` of this same engine
            // configuration (the name says so) into the user's own cache directory.
            match unsafe { Module::deserialize_file(engine, &path) } {
                Ok(m) => return Ok(m),
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "discarding unusable cached module")
                }
            }
        }
        let module = Module::from_binary(engine, wasm).map_err(|e| SandboxError::Invalid(format!("{e:#}")))?;
        if let Err(e) = Self::store(dir, &path, &module) {
            tracing::warn!(path = %path.display(), error = %e, "could not cache compiled module");
        }
        Ok(module)
    }

    fn store(dir: &Path, path: &Path, module: &Module) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let bytes = module.serialize().map_err(|e| std::io::Error::other(e.to_string()))?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        std::io::Write::write_all(&mut tmp, &bytes)?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}
