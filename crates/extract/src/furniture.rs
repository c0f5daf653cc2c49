//! Page and record furniture that both readers recognise.

/// Lead-ins (lower case) of lines that send the reader to other content: "READ MORE: …",
/// "Related: …". Both the record reader and the HTML reader label such lines as teasers.
pub(crate) const TEASER_PREFIXES: &[&str] = &[
    "read more",
    "read next",
    "read also",
    "also read",
    "more:",
    "related:",
    "related stories",
    "related story",
    "related articles",
    "related article",
    "related content",
    "see also",
    "watch:",
    "watch now",
    "watch the video",
    "listen:",
    "listen now",
    "recommended:",
    "don't miss",
    "don’t miss",
    "must read",
    "top stories",
    "trending:",
    "read the rest",
    "read the full",
    "continue reading",
    "click here",
    "more from",
    "more on this",
    "you may also like",
    "you might also like",
];

/// Whether a line starts, ignoring ASCII case, with one of [`TEASER_PREFIXES`].
pub(crate) fn starts_like_teaser(line: &str) -> bool {
    let head = &line.as_bytes()[..line.len().min(32)];
    TEASER_PREFIXES
        .iter()
        .any(|p| head.len() >= p.len() && head[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
}
