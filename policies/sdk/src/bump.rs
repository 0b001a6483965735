//! The guest's allocator: a bump allocator.
//!
//! The engine instantiates a module afresh for every evaluation and throws the
//! instance away afterwards (ABI v1), so a guest never needs to give memory back.
//! Bumping a pointer is several times cheaper than a general-purpose allocator, and
//! decoding the input JSON is mostly allocation. The last allocation can still grow
//! or shrink in place, which is what a growing `Vec` or `String` does.
//!
//! Only compiled for wasm32 (feature `bump-allocator`, on by default). The memory cap
//! of the sandbox still applies: when `memory.grow` is refused the allocation fails
//! and the module traps, costing only its own results.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;

const PAGE: usize = 65536;

struct State {
    /// Next free byte.
    next: usize,
    /// End of the memory we own.
    end: usize,
    /// Start of the most recent allocation (which may grow or shrink in place).
    last: usize,
}

pub struct Bump(UnsafeCell<State>);

// SAFETY: wasm32-unknown-unknown guests are single-threaded (no threads proposal in
// the sandbox), so the state is never accessed concurrently.
unsafe impl Sync for Bump {}

impl Bump {
    pub const fn new() -> Self {
        Bump(UnsafeCell::new(State { next: 0, end: 0, last: 0 }))
    }
}

impl Default for Bump {
    fn default() -> Self {
        Self::new()
    }
}

/// Makes `[.., end)` available, growing memory when needed.
fn reserve(s: &mut State, end: usize) -> bool {
    if s.end == 0 {
        // Start after everything the module already has (data, stack, static heap).
        s.end = wasm32::memory_size(0) * PAGE;
        s.next = s.end;
    }
    if end <= s.end {
        return true;
    }
    let pages = (end - s.end).div_ceil(PAGE);
    if wasm32::memory_grow(0, pages) == usize::MAX {
        return false;
    }
    s.end += pages * PAGE;
    true
}

unsafe impl GlobalAlloc for Bump {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: single-threaded, see `Sync` above.
        let s = unsafe { &mut *self.0.get() };
        if s.end == 0 && !reserve(s, 0) {
            return core::ptr::null_mut();
        }
        let start = (s.next + layout.align() - 1) & !(layout.align() - 1);
        let Some(end) = start.checked_add(layout.size()) else { return core::ptr::null_mut() };
        if !reserve(s, end) {
            return core::ptr::null_mut();
        }
        s.next = end;
        s.last = start;
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: single-threaded.
        let s = unsafe { &mut *self.0.get() };
        if ptr as usize == s.last && s.last + layout.size() == s.next {
            s.next = s.last;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: single-threaded.
        let s = unsafe { &mut *self.0.get() };
        if ptr as usize == s.last && s.last + layout.size() == s.next {
            let Some(end) = s.last.checked_add(new_size) else { return core::ptr::null_mut() };
            if reserve(s, end) {
                s.next = end;
                return ptr;
            }
            return core::ptr::null_mut();
        }
        // SAFETY: a fresh block of `new_size` bytes, then copy the smaller of the two.
        unsafe {
            let new = self.alloc(Layout::from_size_align_unchecked(new_size, layout.align()));
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            }
            new
        }
    }
}
