//! A compact, read-only copy of the parsed page, made in one pass.
//!
//! `dom_query` (html5ever) builds a mutable tree behind a `RefCell`; scoring wants something
//! flatter and cheaper to walk. [`Dom::build`] walks the parsed tree once, without recursion, and
//! keeps only what extraction reads: elements (with a [`Tag`], a class/id [`Hint`] and the few
//! attributes that matter) and text, in document order. What can never be article text is left
//! out on the way: scripts (except JSON-LD), styles, forms controls, embedded media, SVG,
//! templates, and elements hidden with `hidden` or an inline `display: none`.
//!
//! Nodes sit in preorder in one vector, and each node knows where its subtree ends
//! ([`Node::end`]): the descendants of node `i` are exactly `i + 1 .. end`, so a subtree is a
//! range, its children are found by jumping from one `end` to the next, and a bottom-up
//! computation is a loop over the vector backwards.
//!
//! **Invariant:** nesting deeper than [`MAX_DEPTH`] is flattened (the text is kept, the extra
//! levels are not), so nothing downstream can be driven into deep recursion, and nothing here
//! recurses at all.

use dom_query::{Document, NodeData, NodeId};

/// Nesting deeper than this is flattened into the element at this depth.
pub(crate) const MAX_DEPTH: usize = 256;

/// The kinds of element extraction tells apart; everything else is [`Tag::Inline`] (known inline
/// markup) or [`Tag::Other`] (unknown elements, treated as block containers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub(crate) enum Tag {
    Document,
    Html,
    Head,
    Body,
    Title,
    Meta,
    Link,
    /// A `<script type="application/ld+json">`; other scripts are dropped.
    JsonLd,
    A,
    P,
    Div,
    Section,
    Article,
    Main,
    Br,
    Hr,
    H(u8),
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Blockquote,
    Pre,
    Table,
    Tr,
    Td,
    Caption,
    Figure,
    Figcaption,
    Img,
    Header,
    Footer,
    Nav,
    Aside,
    Form,
    Time,
    Address,
    Center,
    Inline,
    Other,
}

impl Tag {
    fn of(name: &str) -> Option<Tag> {
        Some(match name {
            "html" => Tag::Html,
            "head" => Tag::Head,
            "body" => Tag::Body,
            "title" => Tag::Title,
            "meta" => Tag::Meta,
            "link" => Tag::Link,
            "a" => Tag::A,
            "p" => Tag::P,
            "div" => Tag::Div,
            "section" => Tag::Section,
            "article" => Tag::Article,
            "main" => Tag::Main,
            "br" => Tag::Br,
            "hr" => Tag::Hr,
            "h1" => Tag::H(1),
            "h2" => Tag::H(2),
            "h3" => Tag::H(3),
            "h4" => Tag::H(4),
            "h5" => Tag::H(5),
            "h6" => Tag::H(6),
            "ul" | "menu" => Tag::Ul,
            "ol" => Tag::Ol,
            "li" => Tag::Li,
            "dl" => Tag::Dl,
            "dt" => Tag::Dt,
            "dd" => Tag::Dd,
            "blockquote" => Tag::Blockquote,
            "pre" | "listing" | "xmp" | "plaintext" => Tag::Pre,
            "table" => Tag::Table,
            "tr" => Tag::Tr,
            "td" | "th" => Tag::Td,
            "caption" => Tag::Caption,
            "figure" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "img" => Tag::Img,
            "header" => Tag::Header,
            "footer" => Tag::Footer,
            "nav" => Tag::Nav,
            "aside" => Tag::Aside,
            "form" => Tag::Form,
            "time" => Tag::Time,
            "address" => Tag::Address,
            "center" => Tag::Center,
            "span" | "b" | "strong" | "i" | "em" | "u" | "s" | "strike" | "small" | "big" | "sub" | "sup"
            | "mark" | "abbr" | "acronym" | "cite" | "q" | "code" | "kbd" | "samp" | "var" | "dfn"
            | "font" | "del" | "ins" | "bdi" | "bdo" | "data" | "tt" | "label" | "nobr" | "wbr"
            | "picture" | "source" | "ruby" | "rt" | "rp" | "output" | "meter" | "progress" => Tag::Inline,
            // Never article text.
            "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "frame"
            | "frameset" | "object" | "embed" | "applet" | "canvas" | "video" | "audio" | "track"
            | "select" | "option" | "optgroup" | "datalist" | "textarea" | "input" | "button" | "map"
            | "area" | "dialog" | "base" | "param" | "noembed" | "noframes" => return None,
            _ => Tag::Other,
        })
    }

    /// Whether the element breaks the flow of text (starts a new block).
    pub(crate) fn is_block(self) -> bool {
        !matches!(self, Tag::A | Tag::Inline | Tag::Time | Tag::Img)
    }
}

/// Attributes extraction reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub(crate) enum Attr {
    Class,
    Id,
    Role,
    Itemprop,
    Itemtype,
    Datetime,
    Src,
    DataSrc,
    Href,
    Rel,
    Lang,
    Content,
    Name,
    Property,
    HttpEquiv,
    Pubdate,
    Alt,
    Colspan,
}

impl Attr {
    fn of(name: &str) -> Option<Attr> {
        Some(match name {
            "class" => Attr::Class,
            "id" => Attr::Id,
            "role" => Attr::Role,
            "itemprop" => Attr::Itemprop,
            "itemtype" => Attr::Itemtype,
            "datetime" => Attr::Datetime,
            "src" => Attr::Src,
            "data-src" | "data-original" | "data-lazy-src" => Attr::DataSrc,
            "href" => Attr::Href,
            "rel" => Attr::Rel,
            "lang" => Attr::Lang,
            "content" => Attr::Content,
            "name" => Attr::Name,
            "property" => Attr::Property,
            "http-equiv" => Attr::HttpEquiv,
            "pubdate" => Attr::Pubdate,
            "alt" => Attr::Alt,
            "colspan" => Attr::Colspan,
            _ => return None,
        })
    }
}

/// What an element's class, id and role say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Hint {
    /// 0: nothing; 1: probably furniture (tags, bylines, meta lines); 2: surely not article text
    /// (comments, share bars, newsletter prompts, related links, ads, cookie banners).
    pub neg: u8,
    /// The class or id names the article body (`article-body`, `entry-content`, `articleBody`).
    pub pos: bool,
    /// A pull quote (its text repeats the body).
    pub pull: bool,
    /// Comments or a cookie banner: furniture whatever it wraps.
    pub always: bool,
    /// A post from a social network quoted in the page (`<blockquote class="twitter-tweet">`):
    /// the reporter's quotation, even inside an embed box named like furniture.
    pub post: bool,
    /// Surely the article body (`itemprop=articleBody`, `article-body`, `entry-content`): never
    /// furniture, whatever other words its class holds.
    pub body: bool,
}

/// One node of the compact tree.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// The parent's index; `u32::MAX` for the root.
    pub parent: u32,
    /// One past the index of the last node of this node's subtree.
    pub end: u32,
    /// What the node is.
    pub kind: Kind,
}

/// A node's kind.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    /// Text: a range of [`Dom::text`].
    Text(u32, u32),
    /// An element.
    Elem(Elem),
}

/// An element.
#[derive(Debug, Clone)]
pub(crate) struct Elem {
    /// Its tag.
    pub tag: Tag,
    /// What its class and id say.
    pub hint: Hint,
    /// Its attributes: a range of [`Dom::attrs`].
    pub attrs: (u32, u32),
}

/// The compact tree.
#[derive(Debug, Default)]
pub(crate) struct Dom {
    /// The nodes, in preorder; node 0 is the document.
    pub nodes: Vec<Node>,
    /// All text, one piece after another.
    pub text: String,
    /// All kept attributes: which, and a range of [`Dom::text`].
    pub attrs: Vec<(Attr, u32, u32)>,
    /// How many elements were flattened for being too deep.
    pub flattened: usize,
}

enum Work {
    Enter(NodeId, u32, usize),
    Exit(u32),
}

impl Dom {
    /// Copies a parsed document. `page_len`, the length of the page's source, sizes the buffers
    /// once instead of growing them node by node.
    pub(crate) fn build(doc: &Document, page_len: usize) -> Dom {
        let mut dom = Dom {
            nodes: Vec::with_capacity(page_len / 48 + 16),
            text: String::with_capacity(page_len / 3 + 64),
            attrs: Vec::with_capacity(page_len / 96 + 16),
            flattened: 0,
        };
        dom.nodes.push(Node {
            parent: u32::MAX,
            end: 1,
            kind: Kind::Elem(Elem { tag: Tag::Document, hint: Hint::default(), attrs: (0, 0) }),
        });
        let tree = &doc.tree;
        let mut work: Vec<Work> = vec![Work::Exit(0)];
        push_children(tree, tree.root().id, 0, 1, &mut work);
        while let Some(item) = work.pop() {
            let (id, parent, depth) = match item {
                Work::Exit(i) => {
                    let end = dom.nodes.len() as u32;
                    if let Some(n) = dom.nodes.get_mut(i as usize) {
                        n.end = end;
                    }
                    continue;
                }
                Work::Enter(id, parent, depth) => (id, parent, depth),
            };
            let node = tree.get_unchecked(&id);
            let created = node.query(|tn| dom.add(tn, parent, depth)).flatten();
            match created {
                Some(Added::Element(idx)) => {
                    work.push(Work::Exit(idx));
                    push_children(tree, id, idx, depth + 1, &mut work);
                }
                Some(Added::Flatten) => push_children(tree, id, parent, depth, &mut work),
                Some(Added::Leaf) | None => {}
            }
        }
        dom
    }

    fn add(&mut self, tn: &dom_query::TreeNode, parent: u32, depth: usize) -> Option<Added> {
        let idx = self.nodes.len() as u32;
        match &tn.data {
            NodeData::Text { contents } => {
                let start = self.text.len() as u32;
                self.text.push_str(contents);
                let end = self.text.len() as u32;
                self.nodes.push(Node { parent, end: idx + 1, kind: Kind::Text(start, end) });
                Some(Added::Leaf)
            }
            NodeData::Element(el) => {
                let name: &str = &el.name.local;
                let tag = match Tag::of(name) {
                    Some(tag) => tag,
                    None => {
                        let is_json_ld = name == "script"
                            && el.attrs.iter().any(|a| {
                                &*a.name.local == "type"
                                    && a.value.trim().eq_ignore_ascii_case("application/ld+json")
                            });
                        if !is_json_ld {
                            return Some(Added::Leaf);
                        }
                        Tag::JsonLd
                    }
                };
                if is_hidden(el) {
                    return Some(Added::Leaf);
                }
                if depth > MAX_DEPTH {
                    self.flattened += 1;
                    return Some(Added::Flatten);
                }
                let a0 = self.attrs.len() as u32;
                for a in &el.attrs {
                    if let Some(key) = Attr::of(&a.name.local) {
                        let start = self.text.len() as u32;
                        self.text.push_str(&a.value);
                        self.attrs.push((key, start, self.text.len() as u32));
                    }
                }
                let a1 = self.attrs.len() as u32;
                let mut elem = Elem { tag, hint: Hint::default(), attrs: (a0, a1) };
                elem.hint = hint(self, &elem);
                self.nodes.push(Node { parent, end: idx + 1, kind: Kind::Elem(elem) });
                Some(Added::Element(idx))
            }
            _ => Some(Added::Leaf),
        }
    }

    /// The element at `i`, if it is one.
    pub(crate) fn elem(&self, i: usize) -> Option<&Elem> {
        match self.nodes.get(i).map(|n| &n.kind) {
            Some(Kind::Elem(e)) => Some(e),
            _ => None,
        }
    }

    /// The tag of node `i` (`None` for text).
    pub(crate) fn tag(&self, i: usize) -> Option<Tag> {
        self.elem(i).map(|e| e.tag)
    }

    /// The value of an attribute of the element at `i`.
    pub(crate) fn attr(&self, i: usize, key: Attr) -> Option<&str> {
        self.elem(i).and_then(|e| self.attr_of(e, key))
    }

    /// The value of an attribute of an element.
    pub(crate) fn attr_of(&self, e: &Elem, key: Attr) -> Option<&str> {
        let attrs = self.attrs.get(e.attrs.0 as usize..e.attrs.1 as usize)?;
        attrs.iter().find(|(k, _, _)| *k == key).and_then(|&(_, s, t)| self.text.get(s as usize..t as usize))
    }

    /// The text of a text node.
    pub(crate) fn text_of(&self, i: usize) -> Option<&str> {
        match self.nodes.get(i).map(|n| &n.kind) {
            Some(&Kind::Text(s, t)) => self.text.get(s as usize..t as usize),
            _ => None,
        }
    }

    /// One past the last node of `i`'s subtree.
    pub(crate) fn end(&self, i: usize) -> usize {
        self.nodes.get(i).map_or(i + 1, |n| n.end as usize)
    }

    /// The children of `i`, in order.
    pub(crate) fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.end(i);
        let mut c = i + 1;
        std::iter::from_fn(move || {
            if c >= end {
                return None;
            }
            let here = c;
            c = self.end(c).max(c + 1);
            Some(here)
        })
    }

    /// All the text under `i` as it stands in the page, pieces joined without separators.
    pub(crate) fn subtree_text_raw(&self, i: usize) -> String {
        (i..self.end(i)).filter_map(|j| self.text_of(j)).collect()
    }

    /// All the text under `i`, white space folded to single spaces and trimmed.
    pub(crate) fn subtree_text(&self, i: usize) -> String {
        let mut out = String::new();
        let end = self.end(i);
        for j in i..end {
            match self.nodes.get(j).map(|n| &n.kind) {
                Some(Kind::Text(..)) => {
                    if let Some(t) = self.text_of(j) {
                        push_folded(&mut out, t);
                    }
                }
                Some(Kind::Elem(e)) if e.tag == Tag::Br || (e.tag.is_block() && j != i) => {
                    push_space(&mut out)
                }
                _ => {}
            }
        }
        let trimmed = out.trim_end();
        trimmed.to_string()
    }
}

enum Added {
    Element(u32),
    Flatten,
    Leaf,
}

fn push_children(tree: &dom_query::Tree, id: NodeId, parent: u32, depth: usize, work: &mut Vec<Work>) {
    let mut child = tree.get_unchecked(&id).query(|tn| tn.last_child).flatten();
    while let Some(c) = child {
        work.push(Work::Enter(c, parent, depth));
        child = tree.get_unchecked(&c).query(|tn| tn.prev_sibling).flatten();
    }
}

fn is_hidden(el: &dom_query::Element) -> bool {
    el.attrs.iter().any(|a| match &*a.name.local {
        "hidden" => true,
        "style" => {
            (contains_ci(&a.value, "none") || contains_ci(&a.value, "hidden")) && {
                let v: String =
                    a.value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
                v.contains("display:none") || v.contains("visibility:hidden")
            }
        }
        _ => false,
    })
}

/// Appends text with runs of white space folded into one space, and no space at the start.
pub(crate) fn push_folded(out: &mut String, text: &str) {
    for (k, word) in text.split(is_ws).enumerate() {
        if word.is_empty() {
            if k == 0 {
                push_space(out);
            }
            continue;
        }
        if k > 0 {
            push_space(out);
        }
        out.push_str(word);
    }
    if text.ends_with(is_ws) {
        push_space(out);
    }
}

/// Appends one space unless the text is empty or already ends with one.
pub(crate) fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// White space as a page means it: ASCII white space, no-break spaces and the other Unicode
/// spaces, and zero-width ones.
pub(crate) fn is_ws(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}')
}

/// Words of class and id values that mark furniture for sure.
#[cfg_attr(not(test), allow(dead_code))] // `word_kind` matches on these; a test keeps the two in step
const STRONG_NEG: &[&str] = &[
    "comment",
    "comments",
    "commentlist",
    "disqus",
    "respond",
    "share",
    "sharing",
    "shares",
    "sharebar",
    "social",
    "socials",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "promo",
    "promotion",
    "advert",
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "adslot",
    "adunit",
    "dfp",
    "gpt",
    "sponsor",
    "sponsored",
    "outbrain",
    "taboola",
    "related",
    "recommended",
    "recommendations",
    "recirc",
    "recirculation",
    "trending",
    "popular",
    "mostread",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "banner",
    "popup",
    "popover",
    "tooltip",
    "hovercard",
    "rollover",
    "modal",
    "overlay",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "rail",
    "widget",
    "widgets",
    "footer",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "masthead",
    "pagination",
    "pager",
    "login",
    "donate",
    "donation",
    "survey",
    "poll",
    "carousel",
    "slideshow",
    "toolbar",
    "skip",
    "jump",
    "print",
    "affiliate",
    "partner",
    "partners",
    "newsletters",
    "follow",
    "disclaimer",
    "copyright",
];

/// Strong words that mark furniture even around most of a page's prose (comment threads can be
/// longer than the article).
#[cfg_attr(not(test), allow(dead_code))] // `word_kind` matches on these; a test keeps the two in step
const ALWAYS_NEG: &[&str] =
    &["comment", "comments", "commentlist", "disqus", "respond", "cookie", "cookies", "consent"];

/// Words that mark furniture that is sometimes wrapped around the body: remove only when small.
#[cfg_attr(not(test), allow(dead_code))] // `word_kind` matches on these; a test keeps the two in step
const WEAK_NEG: &[&str] = &[
    "tag",
    "tags",
    "tagged",
    "topics",
    "topic",
    "keywords",
    "meta",
    "byline",
    "bylines",
    "author",
    "authors",
    "bio",
    "contributor",
    "dateline",
    "date",
    "timestamp",
    "published",
    "updated",
    "header",
    "hed",
    "headline",
    "kicker",
    "eyebrow",
    "more",
    "teaser",
    "aside",
    "tools",
    "utility",
    "utilities",
    "actions",
    "video",
    "player",
    "gallery",
    "credit",
    "credits",
    "caption",
    "hidden",
    "alert",
    "feedback",
    "listen",
    "audio",
    "email",
    "cta",
    "readmore",
    "see",
    "also",
    "next",
    "prev",
    "previous",
    "embed",
    "podcast",
    "extra",
    "links",
    "subnav",
    "category",
    "categories",
    "label",
    "notice",
    "note",
    "profile",
    "avatar",
];

/// Words that name the article body.
#[allow(dead_code)] // `word_kind` matches on these; a test keeps the two in step
const POS: &[&str] = &[
    "article",
    "articlebody",
    "body",
    "content",
    "entry",
    "main",
    "post",
    "story",
    "text",
    "prose",
    "richtext",
];

fn hint(dom: &Dom, e: &Elem) -> Hint {
    let mut h = Hint::default();
    if matches!(e.tag, Tag::Html | Tag::Body) {
        // Their classes describe the page's state (`consent-enabled`), not a part of it.
        return h;
    }
    for key in [Attr::Class, Attr::Id, Attr::Role, Attr::Itemprop] {
        let Some(value) = dom.attr_of(e, key) else { continue };
        if key == Attr::Itemprop {
            if value.eq_ignore_ascii_case("articleBody") {
                h.pos = true;
                h.body = true;
            }
            continue;
        }
        if key == Attr::Role {
            match value.trim() {
                "navigation" | "banner" | "contentinfo" | "complementary" | "menu" | "menubar" | "dialog"
                | "alertdialog" | "search" | "toolbar" | "tablist" => h.neg = 2,
                "main" | "article" => h.pos = true,
                _ => {}
            }
            continue;
        }
        if value.len() > 400 {
            continue;
        }
        for class in value.split_ascii_whitespace() {
            let hidden = [
                "sr-only",
                "visually-hidden",
                "visuallyhidden",
                "screen-reader-text",
                "screenreader-only",
                "offscreen",
            ];
            if hidden.iter().any(|h| h.eq_ignore_ascii_case(class)) {
                h.neg = h.neg.max(2);
                continue;
            }
            // Words are read in order, so that pairs (`pull`+`quote`, `article`+`body`) are seen.
            let mut prev = Prev::Other;
            for word in words(class) {
                let mut buf = [0u8; 24];
                let Some(lower) = lower_word(word, &mut buf) else {
                    prev = Prev::Other;
                    continue;
                };
                match word_kind(lower) {
                    WordKind::Always => {
                        h.neg = 2;
                        h.always = true;
                    }
                    WordKind::Strong => h.neg = 2,
                    WordKind::Weak => h.neg = h.neg.max(1),
                    WordKind::Pos => h.pos = true,
                    WordKind::None => {}
                }
                match (prev, lower) {
                    (_, "pullquote") | (Prev::Pull, "quote") => h.pull = true,
                    (_, "tweet" | "instagram" | "tiktok" | "bluesky" | "mastodon")
                        if e.tag == Tag::Blockquote =>
                    {
                        h.post = true
                    }
                    (
                        _,
                        "articlebody" | "storybody" | "entrycontent" | "postcontent" | "articlecontent"
                        | "storycontent",
                    )
                    | (Prev::Owner, "body" | "content") => {
                        h.pos = true;
                        h.body = true;
                    }
                    _ => {}
                }
                prev = match lower {
                    "pull" => Prev::Pull,
                    "article" | "story" | "entry" | "post" => Prev::Owner,
                    _ => Prev::Other,
                };
            }
        }
    }
    h
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordKind {
    Always,
    Strong,
    Weak,
    Pos,
    None,
}

/// The word before, in a class: what pairs it can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// `pull` (`pull-quote`).
    Pull,
    /// `article`, `story`, `entry`, `post` (`article-body`, `entry-content`).
    Owner,
    Other,
}

/// A class word in lower case, in `buf`; `None` when it is longer than the buffer (no word that
/// means anything is).
fn lower_word<'b>(word: &str, buf: &'b mut [u8; 24]) -> Option<&'b str> {
    let slot = buf.get_mut(..word.len())?;
    slot.copy_from_slice(word.as_bytes());
    slot.make_ascii_lowercase();
    std::str::from_utf8(slot).ok()
}

/// What one class or id word, in lower case, says ([`STRONG_NEG`], [`ALWAYS_NEG`], [`WEAK_NEG`],
/// [`POS`]), by a `match`: one comparison tree instead of a scan of every list.
fn word_kind(lower: &str) -> WordKind {
    match lower {
        "comment" | "comments" | "commentlist" | "disqus" | "respond" | "cookie" | "cookies" | "consent" => {
            WordKind::Always
        }
        "share" | "sharing" | "shares" | "sharebar" | "social" | "socials" | "newsletter" | "subscribe"
        | "subscription" | "signup" | "promo" | "promotion" | "advert" | "advertisement" | "advertising"
        | "ad" | "ads" | "adslot" | "adunit" | "dfp" | "gpt" | "sponsor" | "sponsored" | "outbrain"
        | "taboola" | "related" | "recommended" | "recommendations" | "recirc" | "recirculation"
        | "trending" | "popular" | "mostread" | "gdpr" | "banner" | "popup" | "popover" | "tooltip"
        | "hovercard" | "rollover" | "modal" | "overlay" | "breadcrumb" | "breadcrumbs" | "sidebar"
        | "rail" | "widget" | "widgets" | "footer" | "nav" | "navbar" | "navigation" | "menu"
        | "masthead" | "pagination" | "pager" | "login" | "donate" | "donation" | "survey" | "poll"
        | "carousel" | "slideshow" | "toolbar" | "skip" | "jump" | "print" | "affiliate" | "partner"
        | "partners" | "newsletters" | "follow" | "disclaimer" | "copyright" => WordKind::Strong,
        "tag" | "tags" | "tagged" | "topics" | "topic" | "keywords" | "meta" | "byline" | "bylines"
        | "author" | "authors" | "bio" | "contributor" | "dateline" | "date" | "timestamp" | "published"
        | "updated" | "header" | "hed" | "headline" | "kicker" | "eyebrow" | "more" | "teaser" | "aside"
        | "tools" | "utility" | "utilities" | "actions" | "video" | "player" | "gallery" | "credit"
        | "credits" | "caption" | "hidden" | "alert" | "feedback" | "listen" | "audio" | "email" | "cta"
        | "readmore" | "see" | "also" | "next" | "prev" | "previous" | "embed" | "podcast" | "extra"
        | "links" | "subnav" | "category" | "categories" | "label" | "notice" | "note" | "profile"
        | "avatar" => WordKind::Weak,
        "article" | "articlebody" | "body" | "content" | "entry" | "main" | "post" | "story" | "text"
        | "prose" | "richtext" => WordKind::Pos,
        _ => WordKind::None,
    }
}

/// Whether `hay` contains `needle` (lower-case ASCII), ignoring ASCII case, without allocating.
pub(crate) fn contains_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    n.is_empty() || h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// The words of a class or id: split at `-`, `_`, `.`, `:`, digits and lower-to-upper case changes
/// (`socialShareBar` gives `social`, `Share`, `Bar`).
fn words(name: &str) -> impl Iterator<Item = &str> {
    let bytes = name.as_bytes();
    let mut start = 0;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let b = bytes[i];
            let sep = b.is_ascii() && !b.is_ascii_alphabetic();
            let camel = i > start && b.is_ascii_uppercase() && bytes[i - 1].is_ascii_lowercase();
            if sep || camel {
                let word = &name[start..i];
                start = if sep { i + 1 } else { i };
                i += 1;
                if !word.is_empty() {
                    return Some(word);
                }
                continue;
            }
            i += 1;
        }
        if start < bytes.len() {
            let word = &name[start..];
            start = bytes.len();
            return Some(word);
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_kinds_agree_with_the_lists() {
        for w in STRONG_NEG {
            assert!(matches!(word_kind(w), WordKind::Strong | WordKind::Always), "{w}");
        }
        for w in ALWAYS_NEG {
            assert_eq!(word_kind(w), WordKind::Always, "{w}");
        }
        for w in WEAK_NEG.iter().filter(|w| !STRONG_NEG.contains(w)) {
            assert_eq!(word_kind(w), WordKind::Weak, "{w}");
        }
        assert_eq!(word_kind("articlebody"), WordKind::Pos);
        assert_eq!(word_kind("banana"), WordKind::None);
    }

    #[test]
    fn class_pairs_name_the_body_and_pull_quotes() {
        let doc = Document::from(
            "<div class='sdc-article-body'><blockquote class='c-pull-quote'>q</blockquote>\
             <blockquote class=twitter-tweet>t</blockquote><div class=storyBody>b</div></div>",
        );
        let dom = Dom::build(&doc, 0);
        let hints: Vec<Hint> = (0..dom.nodes.len()).filter_map(|i| dom.elem(i)).map(|e| e.hint).collect();
        let tagged = |f: fn(&Hint) -> bool| hints.iter().filter(|h| f(h)).count();
        assert_eq!(tagged(|h| h.body), 2);
        assert_eq!(tagged(|h| h.pull), 1);
        assert_eq!(tagged(|h| h.post), 1);
    }

    #[test]
    fn splits_class_words() {
        let w: Vec<_> = words("c-socialShareBar__item2x").collect();
        assert_eq!(w, ["c", "social", "Share", "Bar", "item", "x"]);
    }

    #[test]
    fn builds_preorder_with_ranges() {
        let doc = Document::from(
            "<html><body><div class=share>a</div><p>b<b>c</b></p><script>x</script></body></html>",
        );
        let dom = Dom::build(&doc, 0);
        let body = (0..dom.nodes.len()).find(|&i| dom.tag(i) == Some(Tag::Body)).unwrap();
        let kids: Vec<_> = dom.children(body).map(|c| dom.tag(c)).collect();
        assert_eq!(kids, [Some(Tag::Div), Some(Tag::P)]);
        let div = dom.children(body).next().unwrap();
        assert_eq!(dom.elem(div).unwrap().hint.neg, 2);
        let p = dom.children(body).nth(1).unwrap();
        assert_eq!(dom.subtree_text(p), "bc");
    }

    #[test]
    fn deep_nesting_is_flattened_not_recursed() {
        let html = "<div>".repeat(5000) + "deep text" + &"</div>".repeat(5000);
        let dom = Dom::build(&Document::from(html.as_str()), html.len());
        assert!(dom.flattened > 0);
        assert!(dom.text.contains("deep text"));
    }
}
