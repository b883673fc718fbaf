//! Errors found while loading a document, each located by its JSON path.

use std::fmt;

/// One problem in a file: where (a JSON path such as `$.maps[0].elements[3].id`) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub path: String,
    pub reason: String,
}

impl LoadError {
    pub fn new(path: impl Into<String>, reason: impl Into<String>) -> Self {
        LoadError {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// Every problem found in a refused file (at least one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadErrors(pub Vec<LoadError>);

impl LoadErrors {
    pub fn one(path: impl Into<String>, reason: impl Into<String>) -> Self {
        LoadErrors(vec![LoadError::new(path, reason)])
    }
}

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadErrors {}
