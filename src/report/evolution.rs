//! An evolution as plain or coloured text, and as Markdown.

use std::fmt::{self, Write as _};

use crate::escape::{markdown_code, visible, visible_lines};

use super::text::{counted, dated_label, md, plural};
use crate::evolution::{
    Change, ChangeKind, ConflictStatus, CounterpartShifts, Direction, Evolution, EvolutionCounts, FieldChange, WordOp,
};

use anstyle::{AnsiColor, Style};

const RED: Style = AnsiColor::Red.on_default();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const BOLD: Style = Style::new().bold();
/// No style: shown as plain text even with colour on.
const PLAIN: Style = Style::new();

struct Paint {
    colour: bool,
}

impl Paint {
    fn wrap(&self, style: Style, s: &str) -> String {
        if self.colour && style != PLAIN {
            format!("{}{s}{}", style.render(), style.render_reset())
        } else {
            s.to_string()
        }
    }

    fn direction(&self, d: Direction) -> String {
        let style = match d {
            Direction::Concession => GREEN,
            Direction::Hardening => RED,
            Direction::Mixed => YELLOW,
            Direction::Neutral => PLAIN,
        };
        self.wrap(style, d.as_str())
    }
}

fn mark(kind: ChangeKind) -> char {
    match kind {
        ChangeKind::Added => '+',
        ChangeKind::Dropped => '-',
        // Neither gained nor lost: the other round's document does not address the issue.
        ChangeKind::NotRestated | ChangeKind::NewlyAddressed => '?',
        ChangeKind::Reworded | ChangeKind::Moved | ChangeKind::Modified => '~',
    }
}

fn info_line(ev: &Evolution) -> String {
    format!(
        "{} → {}",
        visible(&dated_label(&ev.old.label, ev.old.date)),
        visible(&dated_label(&ev.new.label, ev.new.date))
    )
}

/// The counts of clauses on issues only one round addresses, when there are any.
fn addressed_counts(c: &EvolutionCounts) -> String {
    if c.not_restated + c.newly_addressed == 0 {
        return String::new();
    }
    format!(
        "; not restated {}, newly addressed {} (issues only one round addresses)",
        c.not_restated, c.newly_addressed
    )
}

/// The changes by direction, `18 changes: 0 concessions, 0 hardenings, 0 mixed, 18 neutral`:
/// the head of the counts line of every evolution report (text, Markdown, HTML).
pub(super) fn directions_line(ev: &Evolution) -> String {
    let c = &ev.counts;
    format!(
        "{}: {}, {}, {} mixed, {} neutral",
        counted(ev.changes.len(), "change", "changes"),
        counted(c.concession, "concession", "concessions"),
        counted(c.hardening, "hardening", "hardenings"),
        c.mixed,
        c.neutral
    )
}

fn counts_line(ev: &Evolution) -> String {
    let c = &ev.counts;
    format!(
        "{} (added {}, dropped {}, reworded {}, reordered {}, modified {}; {} unchanged)",
        directions_line(ev),
        c.added,
        c.dropped,
        c.reworded,
        c.moved,
        c.modified,
        c.unchanged
    ) + &addressed_counts(c)
}

/// `3 conflicts before, 1 after`, each number wrapped in `b`…`e` (`<strong>` in HTML).
pub(super) fn conflicts_before_after(cp: &CounterpartShifts, b: &str, e: &str) -> String {
    format!(
        "{b}{}{e} conflict{} before, {b}{}{e} after",
        cp.conflicts_before,
        plural(cp.conflicts_before, "", "s"),
        cp.conflicts_after
    )
}

fn text_words(f: &FieldChange, p: &Paint) -> String {
    let mut s = String::new();
    for w in f.words.iter().flatten() {
        let t = visible(&w.text);
        match w.op {
            WordOp::Equal => s.push_str(&t),
            WordOp::Removed => s.push_str(&p.wrap(RED, &format!("[-{t}-]"))),
            WordOp::Added => s.push_str(&p.wrap(GREEN, &format!("{{+{t}+}}"))),
        }
    }
    s
}

fn change_text(out: &mut String, c: &Change, p: &Paint) {
    let head = format!("{} {}", mark(c.kind), visible(&c.summary));
    let style = match c.kind {
        ChangeKind::Added => GREEN,
        ChangeKind::Dropped => RED,
        _ => BOLD,
    };
    let _ = writeln!(out, "{} [{}]", p.wrap(style, &head), p.direction(c.direction));
    for f in &c.fields {
        if f.field == "text" {
            let _ = writeln!(out, "    text: {}", text_words(f, p));
        } else {
            let _ = writeln!(out, "    {} [{}]", visible(&f.explanation), p.direction(f.direction));
        }
    }
}

/// The evolution as text; with `colour`, ANSI colours for terminals (removed words and
/// hardenings red, added words and concessions green, mixed yellow).
///
/// Removed words are marked `[-like this-]`, added words `{+like this+}`.
#[must_use]
pub fn render_text(evolution: &Evolution, colour: bool) -> String {
    let p = Paint { colour };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "evolution of `{}`: {}",
        visible(&evolution.party),
        info_line(evolution)
    );
    let _ = writeln!(out, "{}", counts_line(evolution));
    for c in &evolution.changes {
        out.push('\n');
        change_text(&mut out, c, &p);
    }
    if !evolution.position.is_empty() {
        out.push('\n');
        for f in &evolution.position {
            let _ = writeln!(out, "~ position {}", visible(&f.explanation));
        }
    }
    if let Some(cp) = &evolution.counterpart {
        let _ = writeln!(
            out,
            "\nagainst `{}` ({}): {}",
            visible(&cp.party),
            visible(&cp.label),
            conflicts_before_after(cp, "", "")
        );
        for s in &cp.conflicts {
            let ids = if s.new.is_empty() { &s.old } else { &s.new };
            let style = match s.status {
                ConflictStatus::Closed | ConflictStatus::Narrowed => GREEN,
                ConflictStatus::Opened | ConflictStatus::Widened => RED,
                ConflictStatus::Shifted => YELLOW,
                ConflictStatus::NotRestated | ConflictStatus::NewlyAddressed => BOLD,
            };
            let _ = writeln!(
                out,
                "  {} {} {}: {} vs {}",
                p.wrap(style, s.status.as_str()),
                visible(&s.bearer),
                visible(&s.action),
                visible(&ids.join(", ")),
                visible(&s.counterpart.join(", "))
            );
        }
    }
    out
}

/// The unified diff of the canonical text of both positions, with `-` lines red and `+`
/// lines green when `colour` is set.
#[must_use]
pub fn render_diff(evolution: &Evolution, colour: bool) -> String {
    if !colour {
        return visible_lines(&evolution.unified_diff).into_owned();
    }
    let p = Paint { colour };
    let mut out = String::new();
    for line in evolution.unified_diff.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let body = &*visible(body);
        let painted = if line.starts_with("---") || line.starts_with("+++") {
            p.wrap(BOLD, body)
        } else if line.starts_with("@@") {
            p.wrap(YELLOW, body)
        } else if line.starts_with('-') {
            p.wrap(RED, body)
        } else if line.starts_with('+') {
            p.wrap(GREEN, body)
        } else {
            body.to_string()
        };
        out.push_str(&painted);
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

impl fmt::Display for Evolution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render_text(self, false))
    }
}

fn md_words(f: &FieldChange) -> String {
    let mut s = String::new();
    for w in f.words.iter().flatten() {
        let t = md(&w.text);
        let trimmed = t.trim();
        if trimmed.is_empty() {
            s.push_str(&t);
            continue;
        }
        match w.op {
            WordOp::Equal => s.push_str(&t),
            WordOp::Removed => s.push_str(&format!("~~{trimmed}~~")),
            WordOp::Added => s.push_str(&format!("**{trimmed}**")),
        }
    }
    s
}

/// The evolution as Markdown (a summary table, details per change, the raw unified diff).
#[must_use]
pub fn render_markdown(evolution: &Evolution) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Evolution of {}\n", markdown_code(&evolution.party, false));
    let _ = writeln!(out, "{}\n", md(&info_line(evolution)));
    let _ = writeln!(out, "{}\n", counts_line(evolution));
    if !evolution.changes.is_empty() {
        let _ = writeln!(out, "| | Clause | Change | Direction | What moved |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for c in &evolution.changes {
            let id = c.new.as_deref().or(c.old.as_deref()).unwrap_or_default();
            let what: Vec<String> = c
                .fields
                .iter()
                .filter(|f| f.field != "text" && f.field != "id")
                .map(|f| f.explanation.clone())
                .collect();
            let what = if what.is_empty() {
                match c.kind {
                    ChangeKind::Added | ChangeKind::Dropped | ChangeKind::NotRestated | ChangeKind::NewlyAddressed => {
                        c.summary.clone()
                    }
                    _ if c.field("text").is_some() => "text edited".to_string(),
                    _ => "place in the file".to_string(),
                }
            } else {
                what.join("; ")
            };
            let _ = writeln!(
                out,
                "| {} | {} | {}{} | {} | {} |",
                mark(c.kind),
                markdown_code(id, true),
                c.kind,
                if c.moved && c.kind != ChangeKind::Moved {
                    " (moved)"
                } else {
                    ""
                },
                c.direction,
                md(&what)
            );
        }
        out.push('\n');
    }
    let edited: Vec<&Change> = evolution.changes.iter().filter(|c| c.field("text").is_some()).collect();
    if !edited.is_empty() {
        let _ = writeln!(out, "## Redlines\n");
        for c in edited {
            if let Some(f) = c.field("text") {
                let _ = writeln!(
                    out,
                    "- {}: {}",
                    markdown_code(c.new.as_deref().unwrap_or_default(), false),
                    md_words(f)
                );
            }
        }
        out.push('\n');
    }
    if let Some(cp) = &evolution.counterpart {
        let _ = writeln!(
            out,
            "## Against {}\n\n{}.\n",
            markdown_code(&cp.party, false),
            conflicts_before_after(cp, "", "")
        );
        for s in &cp.conflicts {
            let ids = if s.new.is_empty() { &s.old } else { &s.new };
            let _ = writeln!(
                out,
                "- **{}** {} {}: {} vs {}",
                s.status.as_str(),
                md(&s.bearer),
                markdown_code(&s.action, false),
                ids.iter()
                    .map(|i| markdown_code(i, false))
                    .collect::<Vec<_>>()
                    .join(", "),
                s.counterpart
                    .iter()
                    .map(|i| markdown_code(i, false))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        out.push('\n');
    }
    if !evolution.unified_diff.is_empty() {
        // The fence is longer than any run of backticks in the diff, so no line of it can
        // close the block (and with it the `<details>`).
        let diff = visible_lines(&evolution.unified_diff);
        let mut longest = 0;
        let mut run = 0;
        for c in diff.chars() {
            run = if c == '`' { run + 1 } else { 0 };
            longest = longest.max(run);
        }
        let fence = "`".repeat((longest + 1).max(3));
        let _ = writeln!(out, "<details><summary>Raw diff</summary>\n\n{fence}diff");
        out.push_str(&diff);
        if !diff.ends_with('\n') {
            out.push('\n');
        }
        let _ = writeln!(out, "{fence}\n\n</details>");
    }
    out
}

/// The change as [`render_text`] shows it, without colour: a head line with its direction,
/// then a line per changed field.
impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        change_text(&mut out, self, &Paint { colour: false });
        f.write_str(out.trim_end())
    }
}
