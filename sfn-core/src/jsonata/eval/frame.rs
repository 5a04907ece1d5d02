//! Variable scopes: a frame per block, lambda call and tuple, linked to the frame it was
//! created in. Frames are shared by the closures made inside them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::value::Val;

#[derive(Default)]
pub(crate) struct Frame {
    vars: RefCell<HashMap<Rc<str>, Option<Val>>>,
    parent: Option<Rc<Frame>>,
}

impl Frame {
    pub(crate) fn child(parent: &Rc<Frame>) -> Rc<Frame> {
        Rc::new(Frame {
            vars: RefCell::default(),
            parent: Some(parent.clone()),
        })
    }

    pub(crate) fn bind(&self, name: Rc<str>, value: Val) {
        self.vars.borrow_mut().insert(name, Some(value));
    }

    /// Binds `name` to a value or to undefined, which hides the same name further out.
    pub(crate) fn bind_opt(&self, name: Rc<str>, value: Option<Val>) {
        self.vars.borrow_mut().insert(name, value);
    }

    /// Whether `name` is bound here or further out (even to undefined).
    pub(crate) fn has(self: &Rc<Frame>, name: &str) -> bool {
        let mut frame = Some(self);
        while let Some(f) = frame {
            if f.vars.borrow().contains_key(name) {
                return true;
            }
            frame = f.parent.as_ref();
        }
        false
    }

    pub(crate) fn lookup(self: &Rc<Frame>, name: &str) -> Option<Val> {
        let mut frame = Some(self);
        while let Some(f) = frame {
            if let Some(v) = f.vars.borrow().get(name) {
                return v.clone();
            }
            frame = f.parent.as_ref();
        }
        None
    }

    /// Empties the frame, which breaks the cycles that recursive closures make.
    pub(crate) fn clear(&self) {
        let vars = std::mem::take(&mut *self.vars.borrow_mut());
        drop(vars);
    }
}
