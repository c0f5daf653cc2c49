use std::fmt;

/// Why an input could not be read as an article at all.
///
/// The messages say what is wrong with the input; the caller adds which input it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The input has no bytes, or only white space.
    #[error("it is empty")]
    Empty,
    /// The input is binary data, not text.
    #[error("it is binary data ({kind}), not text")]
    Binary {
        /// What it looks like (`a PNG image`, `NUL bytes`).
        kind: &'static str,
    },
    /// The input is not valid UTF-8.
    #[error("it is not valid UTF-8 (bad byte at line {line}, column {column})")]
    NotUtf8 {
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based byte column of the first bad byte in that line.
        column: usize,
    },
    /// The input is text but has no line that could be a headline.
    #[error("it has no headline (no text after the collection line)")]
    NoHeadline,
    /// The input is text but not an HTML page (no markup at all).
    #[error("it is not an HTML page (it has no markup)")]
    NotHtml,
    /// The input is an HTML page with neither a headline nor any article text.
    #[error("it has no article (no headline and no body text)")]
    NoArticle,
    /// The input is structured data that does not have the expected shape.
    #[error("it is malformed: {reason}")]
    Malformed {
        /// What is wrong with it.
        reason: String,
    },
    /// The input is bigger than a reader accepts.
    #[error("it is too large ({size} bytes; the limit is {limit})")]
    TooLarge {
        /// The input's size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The input is of a kind this build cannot read.
    #[error("{what} cannot be read yet")]
    Unsupported {
        /// What kind of input.
        what: &'static str,
    },
}

/// Something odd a reader met and worked around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line of the input it is about, when it is about one.
    pub line: Option<usize>,
    /// What was odd and what the reader did about it.
    pub message: String,
}

impl Warning {
    pub(crate) fn at(line: usize, message: impl Into<String>) -> Self {
        Warning { line: Some(line), message: message.into() }
    }

    pub(crate) fn general(message: impl Into<String>) -> Self {
        Warning { line: None, message: message.into() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}
