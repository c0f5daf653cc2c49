//! The words that attribute speech or thought, and the small word classes the speaker and
//! content rules need. Every table is sorted for binary search (a test checks it).

/// How a cue word behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CueClass {
    /// A verb of saying that also inverts after a quote: `“…,” said Putin`.
    Say,
    /// A verb of saying, believing or reporting with its subject before it:
    /// `The Standard claims …`.
    Report,
    /// A participle that takes the subject of its clause: `…, adding that …`.
    Participle,
}

/// Cue words, lower case, with their class.
pub(crate) const CUES: &[(&str, CueClass)] = &[
    ("acknowledged", CueClass::Report),
    ("acknowledges", CueClass::Report),
    ("acknowledging", CueClass::Participle),
    ("add", CueClass::Report),
    ("added", CueClass::Say),
    ("adding", CueClass::Participle),
    ("adds", CueClass::Say),
    ("admits", CueClass::Report),
    ("admitted", CueClass::Report),
    ("agreed", CueClass::Report),
    ("agrees", CueClass::Report),
    ("alleged", CueClass::Report),
    ("alleges", CueClass::Report),
    ("announced", CueClass::Say),
    ("announces", CueClass::Report),
    ("answered", CueClass::Say),
    ("argue", CueClass::Report),
    ("argued", CueClass::Say),
    ("argues", CueClass::Say),
    ("arguing", CueClass::Participle),
    ("asked", CueClass::Say),
    ("asks", CueClass::Say),
    ("assert", CueClass::Report),
    ("asserted", CueClass::Say),
    ("asserting", CueClass::Participle),
    ("asserts", CueClass::Report),
    ("believe", CueClass::Report),
    ("believed", CueClass::Report),
    ("believes", CueClass::Report),
    ("boasted", CueClass::Report),
    ("cautioned", CueClass::Say),
    ("charged", CueClass::Report),
    ("claim", CueClass::Report),
    ("claimed", CueClass::Report),
    ("claiming", CueClass::Participle),
    ("claims", CueClass::Report),
    ("complained", CueClass::Say),
    ("conceded", CueClass::Say),
    ("concluded", CueClass::Report),
    ("confirmed", CueClass::Report),
    ("confirms", CueClass::Report),
    ("contended", CueClass::Report),
    ("contends", CueClass::Report),
    ("continued", CueClass::Say),
    ("countered", CueClass::Say),
    ("declared", CueClass::Say),
    ("denied", CueClass::Report),
    ("denies", CueClass::Report),
    ("disclosed", CueClass::Report),
    ("emphasised", CueClass::Report),
    ("emphasized", CueClass::Report),
    ("estimated", CueClass::Report),
    ("estimates", CueClass::Report),
    ("expect", CueClass::Report),
    ("expects", CueClass::Report),
    ("explained", CueClass::Say),
    ("explaining", CueClass::Participle),
    ("explains", CueClass::Say),
    ("fear", CueClass::Report),
    ("feared", CueClass::Report),
    ("fears", CueClass::Report),
    ("feel", CueClass::Report),
    ("feels", CueClass::Report),
    ("found", CueClass::Report),
    ("hope", CueClass::Report),
    ("hoped", CueClass::Report),
    ("hopes", CueClass::Report),
    ("indicated", CueClass::Report),
    ("indicates", CueClass::Report),
    ("insisted", CueClass::Say),
    ("insisting", CueClass::Participle),
    ("insists", CueClass::Say),
    ("joked", CueClass::Say),
    ("knew", CueClass::Report),
    ("know", CueClass::Report),
    ("knows", CueClass::Report),
    ("learned", CueClass::Report),
    ("maintained", CueClass::Report),
    ("maintains", CueClass::Report),
    ("noted", CueClass::Say),
    ("notes", CueClass::Say),
    ("noting", CueClass::Participle),
    ("observed", CueClass::Say),
    ("predicted", CueClass::Report),
    ("predicts", CueClass::Report),
    ("promised", CueClass::Report),
    ("promises", CueClass::Report),
    ("quipped", CueClass::Say),
    ("recalled", CueClass::Say),
    ("recalling", CueClass::Participle),
    ("remarked", CueClass::Say),
    ("replied", CueClass::Say),
    ("reported", CueClass::Report),
    ("reports", CueClass::Report),
    ("responded", CueClass::Say),
    ("revealed", CueClass::Report),
    ("said", CueClass::Say),
    ("say", CueClass::Report),
    ("saying", CueClass::Participle),
    ("says", CueClass::Say),
    ("show", CueClass::Report),
    ("showed", CueClass::Report),
    ("shows", CueClass::Report),
    ("stated", CueClass::Say),
    ("states", CueClass::Report),
    ("stressed", CueClass::Say),
    ("suggested", CueClass::Report),
    ("suggesting", CueClass::Participle),
    ("suggests", CueClass::Report),
    ("tell", CueClass::Report),
    ("telling", CueClass::Participle),
    ("tells", CueClass::Say),
    ("testified", CueClass::Report),
    ("think", CueClass::Report),
    ("thinks", CueClass::Report),
    ("thought", CueClass::Report),
    ("told", CueClass::Say),
    ("tweeted", CueClass::Say),
    ("urged", CueClass::Report),
    ("vowed", CueClass::Report),
    ("warned", CueClass::Say),
    ("warning", CueClass::Participle),
    ("warns", CueClass::Say),
    ("wrote", CueClass::Say),
    ("writes", CueClass::Say),
];

/// Cues that take an object before their content: `told reporters that …`.
pub(crate) const TAKES_OBJECT: &[&str] =
    &["asked", "asks", "reminded", "tell", "telling", "tells", "told", "urged", "warned", "warning", "warns"];

/// Words that never belong to a speaker's noun phrase: verbs, prepositions, conjunctions.
pub(crate) const STOPS: &[&str] = &[
    "after", "against", "ago", "all", "also", "although", "am", "amid", "and", "are", "as", "at", "be",
    "because", "been", "before", "being", "between", "both", "but", "can", "could", "did", "do", "does",
    "during", "even", "ever", "from", "had", "has", "have", "having", "how", "if", "in", "into", "is",
    "just", "may", "might", "must", "nor", "not", "now", "on", "once", "only", "or", "over", "shall",
    "should", "since", "so", "than", "that", "then", "though", "through", "to", "until", "upon", "was",
    "were", "what", "when", "where", "whether", "which", "while", "whom", "why", "will", "with", "within",
    "without", "would", "yet",
];

/// Words between a subject and its cue that are skipped: `Zelensky last month claimed`,
/// `Flynn has also said`.
pub(crate) const BETWEEN: &[&str] = &[
    "again",
    "already",
    "also",
    "always",
    "apparently",
    "did",
    "does",
    "earlier",
    "eventually",
    "ever",
    "falsely",
    "finally",
    "first",
    "had",
    "has",
    "have",
    "initially",
    "last",
    "later",
    "month",
    "never",
    "night",
    "now",
    "once",
    "originally",
    "previously",
    "privately",
    "publicly",
    "quickly",
    "recently",
    "repeatedly",
    "reportedly",
    "simply",
    "since",
    "still",
    "then",
    "today",
    "week",
    "year",
    "yesterday",
];

/// Pronouns that can be speakers.
pub(crate) const PRONOUNS: &[&str] = &["he", "i", "it", "she", "they", "we", "you"];

/// Words that open a speaker's noun phrase but are not part of its name.
pub(crate) const DETERMINERS: &[&str] = &[
    "a", "an", "another", "any", "both", "each", "her", "his", "its", "many", "most", "one", "other", "our",
    "several", "some", "that", "the", "their", "these", "this", "those", "two",
];

/// Sentence adverbs and conjunctions at the start of a noun phrase that are not part of it.
pub(crate) const LEADING: &[&str] =
    &["and", "but", "however", "meanwhile", "now", "so", "still", "then", "yet"];

/// Abbreviations whose full stop does not end a sentence.
pub(crate) const ABBREVIATIONS: &[&str] = &[
    "Adm", "Capt", "Co", "Col", "Corp", "Dr", "Feb", "Gen", "Gov", "Inc", "Jan", "Jr", "Lt", "Maj", "Mr",
    "Mrs", "Ms", "No", "Nov", "Oct", "Prof", "Rep", "Rev", "Sen", "Sept", "Sgt", "Sr", "St", "Vol", "etc",
    "vs",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted() {
        assert!(CUES.windows(2).all(|w| w[0].0 < w[1].0), "{:?}", CUES.windows(2).find(|w| w[0].0 >= w[1].0));
        for t in [TAKES_OBJECT, STOPS, BETWEEN, PRONOUNS, DETERMINERS, LEADING, ABBREVIATIONS] {
            assert!(t.windows(2).all(|w| w[0] < w[1]), "{:?}", t.windows(2).find(|w| w[0] >= w[1]));
        }
    }
}
