//! Writing definitions and policies to files, for deployment tools: call these from a build
//! script or a small binary.
//!
//! ```no_run
//! # use sfn_runtime::{asl, StateMachine};
//! # static ORDERS: StateMachine = asl! { start_at: Done, states: { Done: Succeed } };
//! // build.rs of a deployment crate
//! sfn_runtime::emit::write_all("statemachines", &[("orders", &ORDERS)]).unwrap();
//! // -> statemachines/orders.asl.json and statemachines/orders.iam.json
//! ```

use std::io;
use std::path::{Path, PathBuf};

use crate::StateMachine;

/// Writes `<dir>/<name>.asl.json` (the definition) and `<dir>/<name>.iam.json` (the role's
/// policy) for each machine, indented and canonical, creating `dir` if needed. A file is only
/// rewritten when its content changes, so timestamps stay put and builds that watch the files
/// do not rerun. Returns the paths that were written (changed or new).
///
/// A name is letters, digits, `-`, `_` and `.` (not first); anything else is an
/// `InvalidInput` error, so that no name can write outside `dir`.
///
/// ```
/// use sfn_runtime::{asl, StateMachine};
///
/// static HELLO: StateMachine = asl! { start_at: Done, states: { Done: Succeed } };
///
/// let dir = std::env::temp_dir().join(format!("sfn-doc-write-all-{}", std::process::id()));
/// let written = sfn_runtime::emit::write_all(&dir, &[("hello", &HELLO)]).unwrap();
/// assert_eq!(written.len(), 2); // hello.asl.json and hello.iam.json
/// // Nothing changed: nothing is rewritten.
/// assert!(sfn_runtime::emit::write_all(&dir, &[("hello", &HELLO)]).unwrap().is_empty());
/// assert!(sfn_runtime::emit::write_all(&dir, &[("../x", &HELLO)]).is_err());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn write_all(
    dir: impl AsRef<Path>,
    machines: &[(&str, &StateMachine)],
) -> io::Result<Vec<PathBuf>> {
    let dir = dir.as_ref();
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, machine) in machines {
        check_name(name)?;
        let definition = dir.join(format!("{name}.asl.json"));
        if write_if_changed(&definition, &(machine.definition_pretty() + "\n"))? {
            written.push(definition);
        }
        let policy = dir.join(format!("{name}.iam.json"));
        if write_if_changed(&policy, &(machine.iam_policy().to_json_pretty() + "\n"))? {
            written.push(policy);
        }
    }
    Ok(written)
}

/// Writes `text` to `path` unless the file already holds exactly that. Returns whether it
/// wrote.
///
/// ```
/// let path = std::env::temp_dir().join(format!("sfn-doc-write-{}.txt", std::process::id()));
/// assert!(sfn_runtime::emit::write_if_changed(&path, "a").unwrap());
/// assert!(!sfn_runtime::emit::write_if_changed(&path, "a").unwrap());
/// assert!(sfn_runtime::emit::write_if_changed(&path, "b").unwrap());
/// # std::fs::remove_file(&path).unwrap();
/// ```
pub fn write_if_changed(path: &Path, text: &str) -> io::Result<bool> {
    match std::fs::read(path) {
        Ok(existing) if existing == text.as_bytes() => Ok(false),
        _ => {
            std::fs::write(path, text)?;
            Ok(true)
        }
    }
}

fn check_name(name: &str) -> io::Result<()> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with('.');
    if ok {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{name}` is not a file name for a state machine: use letters, digits, `-`, `_` and `.`"),
        ))
    }
}
