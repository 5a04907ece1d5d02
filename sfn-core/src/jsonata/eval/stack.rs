//! A bound on the stack an evaluation uses, measured from the address of a local variable
//! in the frame of `evaluate`: every recursive walk asks [`exhausted`] before going deeper,
//! so a deep expression or value ends in error `U1001`, never in a stack overflow.

use std::cell::Cell;

thread_local! {
    /// The lowest stack address the current evaluation may reach (0: no evaluation).
    static FLOOR: Cell<usize> = const { Cell::new(0) };
}

fn here() -> usize {
    let marker = 0u8;
    std::ptr::addr_of!(marker) as usize
}

/// Sets the floor for one evaluation and restores the previous one when dropped, so that
/// an evaluation started from inside another (by a host function) keeps the outer bound.
pub(super) struct Guard {
    previous: usize,
}

impl Guard {
    pub(super) fn new(budget: usize) -> Guard {
        let floor = here().saturating_sub(budget);
        let previous = FLOOR.with(|f| f.replace(floor.max(f.get())));
        Guard { previous }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        FLOOR.with(|f| f.set(self.previous));
    }
}

/// Whether the stack is used down to the floor of the current evaluation.
pub(super) fn exhausted() -> bool {
    let floor = FLOOR.with(Cell::get);
    floor != 0 && here() < floor
}
