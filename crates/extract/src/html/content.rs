//! Finding the article body in a page and reading it into blocks.
//!
//! Three passes over the compact tree ([`Dom`]), none recursive:
//!
//! 1. **Forward**: every text node is given to its *block* (the nearest block-level ancestor),
//!    counting its characters, and whether they sit inside a link or inside furniture (an element
//!    whose class or id says share bar, comments, related links, newsletter, ad, cookie banner, or
//!    a `nav`, `aside` or `footer`).
//! 2. **Backward**: each block is judged. A *good* block is prose: enough text, few links, not in
//!    furniture. Its non-link characters are *good*; link text, furniture and scraps are *bad*.
//!    Sums flow up to every ancestor. The body is the element that maximises
//!    `good - BAD_WEIGHT * bad` (the tightest box that holds the prose and little else).
//! 3. **Emit**: the body's subtree is read in order into paragraphs, subheadings, lists, block
//!    quotes, tables and figure captions, leaving out furniture that sits inside the body
//!    (bylines, tag lists, share bars, link lists, pull quotes, "read more" teasers).

use newsbite_model::{Block, Image};

use super::dom::{Attr, Dom, Kind, Tag};
use super::text;

/// How much a character of link text or furniture counts against a box, relative to a
/// character of prose for it.
const BAD_WEIGHT: f64 = 2.0;
/// How much furniture text counts as bad, relative to other bad text: furniture inside the body
/// is left out when the body is read, so it costs less than link text that would stay.
const FURNITURE_WEIGHT: f64 = 0.2;
/// Shortest prose block, in non-space characters.
const GOOD_MIN_CHARS: u32 = 40;
/// A block with more of its text in links than this is not prose.
const GOOD_MAX_LINK_RATIO: f64 = 0.35;
/// Inside the body, a box with more of its text in links than this is a link list.
const LINK_LIST_RATIO: f64 = 0.5;
/// A list whose every item is a short line with a link, and that has at least this share of its
/// text in links, lists other stories.
const LINKED_LIST_RATIO: f64 = 0.35;
/// The longest item, in non-space characters, of such a list.
const LINK_ITEM_MAX_CHARS: u32 = 120;
/// Inside the body, furniture with a weak hint is removed when it holds less than this share of
/// the body's prose.
const WEAK_SHARE: f64 = 0.2;
/// Furniture by its class that holds at least this share of the page's prose is a wrapper.
const WRAPPER_SHARE: f64 = 0.8;

/// Counts per node, filled by the passes.
#[derive(Debug, Clone, Copy, Default)]
struct Stat {
    /// Characters of text this block owns directly (not in nested blocks).
    own: u32,
    /// Of those, in links.
    own_link: u32,
    /// All characters in the subtree.
    all: u32,
    /// Of those, in links.
    link: u32,
    /// Good (prose) characters in the subtree.
    good: f64,
    /// Bad (furniture, links, scraps) characters in the subtree.
    bad: f64,
    /// Whether the node is in (or is) furniture.
    furniture: bool,
}

/// What extraction found in the body.
#[derive(Debug, Default)]
pub(crate) struct Body {
    /// The blocks, in reading order.
    pub blocks: Vec<Block>,
    /// Pictures in the body, with their captions.
    pub images: Vec<Image>,
    /// The node chosen as the body, if any.
    pub root: Option<usize>,
}

/// Whether an element is furniture whatever its size.
fn strong_furniture(dom: &Dom, i: usize) -> bool {
    let Some(e) = dom.elem(i) else { return false };
    if e.hint.body {
        return false;
    }
    e.hint.neg >= 2
        || matches!(
            e.tag,
            Tag::Nav | Tag::Footer | Tag::Head | Tag::Title | Tag::Meta | Tag::Link | Tag::JsonLd
        )
        || (e.tag == Tag::Aside && !e.hint.pull)
}

/// Finds the body and reads it.
pub(crate) fn extract(dom: &Dom, base: Option<&str>) -> Body {
    let (stats, best) = score(dom);
    let Some(root) = best else { return Body::default() };
    let mut emitter = Emitter {
        dom,
        stats: &stats,
        root_good: stats[root].good,
        base,
        out: Body::default(),
        buf: String::new(),
    };
    emitter.walk(root);
    emitter.out.root = Some(root);
    emitter.out
}

/// The passes that count and judge; gives the counts and the body's index.
fn score(dom: &Dom) -> (Vec<Stat>, Option<usize>) {
    let n = dom.nodes.len();
    let mut stats = vec![Stat::default(); n];

    // Pass 1: forward, with the open ancestors on a stack: (end, index, in a link). Every text
    // node's characters go to its block.
    let mut stack: Vec<(usize, usize, bool)> = Vec::new();
    let mut owners: Vec<usize> = Vec::new(); // block ancestors, innermost last
    for i in 0..n {
        while let Some(&(end, idx, _)) = stack.last() {
            if end > i {
                break;
            }
            stack.pop();
            if owners.last() == Some(&idx) {
                owners.pop();
            }
        }
        let in_link = stack.last().is_some_and(|&(_, _, l)| l);
        match &dom.nodes[i].kind {
            Kind::Text(..) => {
                let chars = dom.text_of(i).map_or(0, count_chars);
                if chars == 0 {
                    continue;
                }
                if let Some(&owner) = owners.last() {
                    stats[owner].own += chars;
                    if in_link {
                        stats[owner].own_link += chars;
                    }
                }
                stats[i].all = chars;
                stats[i].link = if in_link { chars } else { 0 };
            }
            Kind::Elem(e) => {
                if e.tag.is_block() {
                    owners.push(i);
                }
                stack.push((dom.end(i), i, in_link || e.tag == Tag::A));
            }
        }
    }

    // Pass 2: backward, the prose each box would hold if no furniture were known.
    let mut raw_good = vec![0f64; n];
    let mut holds_body = vec![false; n];
    let mut holds_post = vec![false; n];
    for i in (0..n).rev() {
        if let Some(e) = dom.elem(i) {
            raw_good[i] += prose(&stats[i], e.tag);
            holds_body[i] |= e.hint.body;
            holds_post[i] |= e.hint.post;
        }
        let parent = dom.nodes[i].parent as usize;
        if parent < n && parent != i {
            raw_good[parent] += raw_good[i];
            holds_body[parent] |= holds_body[i];
            holds_post[parent] |= holds_post[i];
            let s = stats[i];
            stats[parent].all += s.all;
            stats[parent].link += s.link;
        }
    }
    let total_good = raw_good.first().copied().unwrap_or(0.0);

    // Pass 3: forward, furniture. A box whose class says furniture but that holds most of the
    // page's prose, or a box named as the article body, is a mislabelled wrapper
    // (`page-ad-margins` around everything), not furniture; nor is an embed box (`social-embed`)
    // around a quoted post.
    for i in 0..n {
        let parent = dom.nodes[i].parent as usize;
        let inherited = parent < n && parent != i && stats[parent].furniture;
        let own = match dom.elem(i) {
            Some(e) => {
                let embeds_post = holds_post[i] && !matches!(e.tag, Tag::Nav | Tag::Footer | Tag::Aside);
                strong_furniture(dom, i)
                    && (e.hint.always
                        || !holds_body[i] && !embeds_post && raw_good[i] < WRAPPER_SHARE * total_good)
            }
            None => false,
        };
        stats[i].furniture = inherited || own;
    }

    // Pass 4: backward, judging blocks and summing up good and bad. `near` holds the prose of
    // each box's own blocks, children and grandchildren: where prose is dense.
    let mut near = vec![0f64; n];
    for i in (0..n).rev() {
        let s = stats[i];
        match dom.tag(i) {
            None => {
                if s.furniture {
                    stats[i].bad += FURNITURE_WEIGHT * f64::from(s.all);
                }
            }
            Some(tag) if !s.furniture && s.own > 0 => {
                let good = prose(&s, tag);
                if good > 0.0 {
                    stats[i].good += good;
                    stats[i].bad += f64::from(s.own_link);
                    near[i] += good;
                    let parent = dom.nodes[i].parent as usize;
                    if parent < n {
                        near[parent] += good;
                        let grand = dom.nodes[parent].parent as usize;
                        if grand < n {
                            near[grand] += good;
                        }
                    }
                } else if f64::from(s.own_link) >= 0.5 * f64::from(s.own) {
                    stats[i].bad += f64::from(s.own);
                }
            }
            Some(_) => {}
        }
        let parent = dom.nodes[i].parent as usize;
        if parent < n && parent != i {
            let s = stats[i];
            stats[parent].good += s.good;
            stats[parent].bad += s.bad;
        }
    }

    // The core: the box where prose is densest. Then the body: the core or one of its
    // ancestors, whichever has the best balance of prose against the rest, so that a body cut in
    // two by an ad box is read whole but a page of teasers around it is not.
    let mut core: Option<(usize, f64)> = None;
    for (i, &g) in near.iter().enumerate() {
        let ok = dom.elem(i).is_some_and(|e| e.tag.is_block()) && !stats[i].furniture && g > 0.0;
        if ok && core.is_none_or(|(_, b)| g > b) {
            core = Some((i, g));
        }
    }
    let Some((core, _)) = core else { return (stats, None) };
    let weight = BAD_WEIGHT;
    let score = |i: usize| {
        let s = &stats[i];
        let bonus = if dom.elem(i).is_some_and(|e| e.hint.pos) { 1.02 } else { 1.0 };
        (s.good - weight * s.bad) * bonus
    };
    let mut best = (core, score(core));
    let mut i = dom.nodes[core].parent as usize;
    while i < n {
        if stats[i].furniture || dom.tag(i) == Some(Tag::Document) {
            break;
        }
        let sc = score(i);
        if sc > best.1 {
            best = (i, sc);
        }
        i = dom.nodes[i].parent as usize;
    }
    (stats, Some(best.0))
}

/// The prose characters a block owns: its non-link text, when it is long enough and not mostly
/// links (headings are never prose).
fn prose(s: &Stat, tag: Tag) -> f64 {
    if matches!(tag, Tag::H(_) | Tag::Head | Tag::Title | Tag::JsonLd | Tag::Meta | Tag::Link)
        || s.own < GOOD_MIN_CHARS
    {
        return 0.0;
    }
    let link_ratio = f64::from(s.own_link) / f64::from(s.own);
    if link_ratio < GOOD_MAX_LINK_RATIO {
        f64::from(s.own - s.own_link)
    } else {
        0.0
    }
}

fn count_chars(t: &str) -> u32 {
    t.chars().filter(|c| !super::dom::is_ws(*c)).count() as u32
}

struct Emitter<'a> {
    dom: &'a Dom,
    stats: &'a [Stat],
    root_good: f64,
    base: Option<&'a str>,
    out: Body,
    buf: String,
}

impl Emitter<'_> {
    /// Whether an element inside the body is furniture to leave out.
    fn skip(&self, i: usize) -> bool {
        let Some(e) = self.dom.elem(i) else { return false };
        let s = &self.stats[i];
        if s.furniture {
            return true;
        }
        if matches!(e.tag, Tag::Header | Tag::Form) && s.good <= WEAK_SHARE * self.root_good {
            return true;
        }
        if e.hint.neg == 1 && !e.hint.body && s.good <= WEAK_SHARE * self.root_good {
            return true;
        }
        if e.hint.pull {
            return true;
        }
        let limit = if matches!(e.tag, Tag::P | Tag::Blockquote | Tag::Pre) { 0.8 } else { LINK_LIST_RATIO };
        if e.tag.is_block() && s.all > 0 && f64::from(s.link) > limit * f64::from(s.all) {
            return true;
        }
        false
    }

    /// The text under `i` without the furniture inside it (a caption's credit line in a list
    /// item, a share button in a block quote), white space folded.
    fn kept_text(&self, i: usize) -> String {
        let dom = self.dom;
        let end = dom.end(i);
        let mut out = String::new();
        let mut j = i;
        while j < end {
            match dom.tag(j) {
                None => {
                    if let Some(t) = dom.text_of(j) {
                        super::dom::push_folded(&mut out, t);
                    }
                }
                Some(tag) if j != i && self.skip(j) => {
                    if tag.is_block() {
                        super::dom::push_space(&mut out);
                    }
                    j = dom.end(j).max(j + 1);
                    continue;
                }
                Some(tag) if tag == Tag::Br || (tag.is_block() && j != i) => super::dom::push_space(&mut out),
                Some(_) => {}
            }
            j += 1;
        }
        out.trim_end().to_string()
    }

    fn walk(&mut self, root: usize) {
        let dom = self.dom;
        let end = dom.end(root);
        let mut open: Vec<usize> = Vec::new(); // ends of open blocks
        let mut i = root + 1;
        while i < end {
            while open.last().is_some_and(|&e| e <= i) {
                open.pop();
                self.flush();
            }
            let Some(e) = dom.elem(i) else {
                if let Some(t) = dom.text_of(i) {
                    super::dom::push_folded(&mut self.buf, t);
                }
                i += 1;
                continue;
            };
            let tag = e.tag;
            let sub_end = dom.end(i).max(i + 1);
            if self.skip(i) {
                if tag.is_block() {
                    self.flush();
                }
                i = sub_end;
                continue;
            }
            match tag {
                Tag::Br | Tag::Hr => {
                    self.flush();
                    i += 1;
                }
                Tag::H(1) => {
                    self.flush();
                    i = sub_end;
                }
                Tag::H(level) => {
                    self.flush();
                    let text = self.kept_text(i);
                    if !text.is_empty() {
                        self.out.blocks.push(Block::Heading { text, level });
                    }
                    i = sub_end;
                }
                Tag::Ul | Tag::Ol => {
                    self.flush();
                    self.list(i, tag == Tag::Ol);
                    i = sub_end;
                }
                Tag::Blockquote => {
                    self.flush();
                    let text = self.kept_text(i);
                    if !text.is_empty() {
                        self.out.blocks.push(Block::Quote { text });
                    }
                    i = sub_end;
                }
                Tag::Table if !self.is_layout_table(i) => {
                    self.flush();
                    self.table(i);
                    i = sub_end;
                }
                Tag::Figure | Tag::Figcaption => {
                    self.flush();
                    self.figure(i);
                    i = sub_end;
                }
                Tag::Img => {
                    if let Some(url) = self.img_url(i) {
                        self.out.images.push(Image { url, caption: None, credit: None, lead: false });
                    }
                    i += 1;
                }
                Tag::Pre => {
                    self.flush();
                    let text = dom.subtree_text(i);
                    if !text.is_empty() {
                        self.out.blocks.push(Block::Paragraph { text });
                    }
                    i = sub_end;
                }
                t if t.is_block() => {
                    self.flush();
                    open.push(sub_end);
                    i += 1;
                }
                _ => i += 1,
            }
        }
        self.flush();
    }

    fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let text = self.buf.trim().to_string();
        self.buf.clear();
        if text.is_empty() {
            return;
        }
        if text.starts_with('<') && text.ends_with('>') {
            // Markup that leaked into text (a `<noscript>` pixel written as text).
            return;
        }
        if text::is_teaser(&text) {
            self.out.blocks.push(Block::Teaser { text });
        } else if !text::is_boilerplate(&text) {
            self.out.blocks.push(Block::Paragraph { text });
        }
    }

    /// A list of teasers for other stories: (nearly) every item is a card (a picture, a heading
    /// or a time) with a link.
    fn is_teaser_list(&self, i: usize) -> bool {
        let dom = self.dom;
        let (mut items, mut linked) = (0usize, 0usize);
        for c in dom.children(i) {
            if dom.tag(c) != Some(Tag::Li) {
                continue;
            }
            items += 1;
            let card = (c + 1..dom.end(c)).any(|j| {
                matches!(dom.tag(j), Some(Tag::Img | Tag::Figure | Tag::H(_) | Tag::Article | Tag::Time))
            });
            if (card || self.ends_cut_short(c)) && self.stats[c].link > 0 {
                linked += 1;
            }
        }
        if items >= 2 && linked * 5 >= items * 4 {
            return true;
        }
        // Headlines each with a link to its story: every item short and linked, and links a
        // large part of the text.
        let s = &self.stats[i];
        let (mut all_linked, mut short) = (items >= 3, true);
        for c in dom.children(i).filter(|&c| dom.tag(c) == Some(Tag::Li)) {
            all_linked &= self.stats[c].link > 0;
            short &= self.stats[c].all <= LINK_ITEM_MAX_CHARS;
        }
        all_linked && short && f64::from(s.link) >= LINKED_LIST_RATIO * f64::from(s.all)
    }

    /// Whether the text under `i` ends in an ellipsis: a summary cut short, as teasers for
    /// other stories are.
    fn ends_cut_short(&self, i: usize) -> bool {
        let dom = self.dom;
        (i..dom.end(i))
            .rev()
            .filter_map(|j| dom.text_of(j).map(|t| t.trim_end_matches(super::dom::is_ws)))
            .find(|t| !t.is_empty())
            .is_some_and(|t| t.ends_with("...") || t.ends_with('…'))
    }

    fn list(&mut self, i: usize, ordered: bool) {
        let dom = self.dom;
        if self.is_teaser_list(i) {
            return;
        }
        let mut items = Vec::new();
        for c in dom.children(i) {
            if self.skip(c) {
                continue;
            }
            let text = self.kept_text(c);
            if !text.is_empty() {
                items.push(text);
            }
        }
        if !items.is_empty() {
            self.out.blocks.push(Block::List { ordered, items });
        }
    }

    /// A table that lays out a page rather than holding data: it holds paragraphs, other tables
    /// or long runs of prose.
    fn is_layout_table(&self, i: usize) -> bool {
        let dom = self.dom;
        let end = dom.end(i);
        (i + 1..end).any(|j| {
            matches!(
                dom.tag(j),
                Some(Tag::P | Tag::Table | Tag::Div | Tag::Blockquote | Tag::H(_) | Tag::Ul | Tag::Ol)
            ) && self.stats[j].all > 80
        }) || self.stats[i].good > 1500.0
    }

    fn table(&mut self, i: usize) {
        let dom = self.dom;
        let end = dom.end(i);
        let mut rows = Vec::new();
        let mut j = i + 1;
        while j < end {
            match dom.tag(j) {
                Some(Tag::Tr) => {
                    let cells: Vec<String> = dom
                        .children(j)
                        .filter(|&c| dom.tag(c) == Some(Tag::Td))
                        .map(|c| dom.subtree_text(c))
                        .collect();
                    if cells.iter().any(|c| !c.is_empty()) {
                        rows.push(cells);
                    }
                    j = dom.end(j).max(j + 1);
                }
                Some(Tag::Table) | Some(Tag::Caption) => j = dom.end(j).max(j + 1),
                _ => j += 1,
            }
        }
        if !rows.is_empty() {
            self.out.blocks.push(Block::Table { rows });
        }
    }

    fn figure(&mut self, i: usize) {
        let dom = self.dom;
        let end = dom.end(i);
        let mut url = None;
        let mut caption = None;
        let mut credit = None;
        let mut j = if dom.tag(i) == Some(Tag::Figcaption) { i } else { i + 1 };
        while j < end {
            match dom.tag(j) {
                Some(Tag::Img) if url.is_none() => {
                    url = self.img_url(j);
                    j += 1;
                }
                Some(Tag::Figcaption) => {
                    let (t, c) = self.caption_parts(j);
                    caption = Some(t);
                    credit = c;
                    j = dom.end(j).max(j + 1);
                }
                _ => j += 1,
            }
        }
        if let Some(text) = caption.filter(|t| !t.is_empty()) {
            self.out.blocks.push(Block::Caption { text: text.clone(), credit: credit.clone() });
            if let Some(url) = url {
                self.out.images.push(Image { url, caption: Some(text), credit, lead: false });
            }
        } else if let Some(url) = url {
            self.out.images.push(Image { url, caption: None, credit, lead: false });
        }
    }

    /// A figure caption's text and credit: a credit element inside it (`<span class="credit">`,
    /// `<cite>`, `<small>`), else a credit written at its end (`Photo: Ed Jones/AFP`).
    fn caption_parts(&self, i: usize) -> (String, Option<String>) {
        let dom = self.dom;
        let end = dom.end(i);
        let mut credit_node = None;
        for j in i + 1..end {
            let Some(e) = dom.elem(j) else { continue };
            let class = dom.attr_of(e, Attr::Class).unwrap_or("").to_ascii_lowercase();
            if ["credit", "copyright", "source", "photographer", "byline"].iter().any(|w| class.contains(w)) {
                credit_node = Some(j);
                break;
            }
        }
        if let Some(c) = credit_node {
            let credit = dom.subtree_text(c);
            let mut textbuf = String::new();
            let c_end = dom.end(c);
            for j in i + 1..end {
                if (c..c_end).contains(&j) {
                    continue;
                }
                if let Some(t) = dom.text_of(j) {
                    super::dom::push_folded(&mut textbuf, t);
                }
            }
            let credit = text::strip_credit_marker(&credit);
            return (textbuf.trim().to_string(), (!credit.is_empty()).then_some(credit));
        }
        let full = dom.subtree_text(i);
        let (t, c) = text::split_credit(&full);
        (t.to_string(), c.map(str::to_string))
    }

    fn img_url(&self, i: usize) -> Option<String> {
        let dom = self.dom;
        let src = dom
            .attr(i, Attr::Src)
            .filter(|s| !s.trim().is_empty() && !s.trim_start().starts_with("data:"))
            .or_else(|| dom.attr(i, Attr::DataSrc))?;
        super::metadata::absolute(self.base, src.trim())
    }
}

/// For tuning: the ancestors of the first text node holding `needle`, with what the passes
/// thought of each, and the chosen body.
pub(crate) fn explain(dom: &Dom, needle: &str) -> String {
    let n = dom.nodes.len();
    let start = (0..n).find(|&i| dom.tag(i) == Some(Tag::Body)).unwrap_or(0);
    let Some(hit) = (start..n).find(|&i| dom.text_of(i).is_some_and(|t| t.contains(needle))) else {
        return format!("no text node holds {needle:?}");
    };
    let (stats, root) = score(dom);
    let mut chain = Vec::new();
    let mut i = hit;
    while i < n {
        chain.push(i);
        i = dom.nodes[i].parent as usize;
    }
    let mut out = match root {
        Some(r) => {
            format!("chosen body: {r} {:?} {:?} {:?}\n", dom.tag(r), dom.attr(r, Attr::Class), stats[r])
        }
        None => "no body\n".to_string(),
    };
    for &i in chain.iter().rev() {
        if let Some(e) = dom.elem(i) {
            out.push_str(&format!(
                "{i} {:?} class={:?} id={:?} hint={:?} strong={} {:?}\n",
                e.tag,
                dom.attr_of(e, Attr::Class).unwrap_or(""),
                dom.attr_of(e, Attr::Id).unwrap_or(""),
                e.hint,
                strong_furniture(dom, i),
                stats[i]
            ));
        }
    }
    out
}
