//! Reader for GENIUS XML domains and linear-additive profiles.
//!
//! A domain (`<negotiation_template><utility_space><objective>` or a bare
//! `<utility_space>`) lists issues: `discrete` ones with `<item value=...>` children
//! (categorical values) and `integer` ones with `lowerbound`/`upperbound`. A profile
//! repeats the issues with `<item value=... evaluation=...>` children, has one
//! `<weight index=... value=...>` per issue (the index is the profile issue's
//! `index` attribute) and an optional `<reservation value=...>` (0 when absent, as
//! in GENIUS). Evaluations are used as written, without per-issue rescaling, as
//! NegMAS reads them; discount factors are ignored.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use roxmltree::{Document, Node};

use super::error::{BargainError, GeniusProblem};
use super::space::{DiscreteIssue, IssueKind, OutcomeSpace, Scenario, UtilityProfile, Value};
use crate::format::{Diagnostic, Severity};

/// How GENIUS files are read by [`load_genius_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeniusOptions {
    /// Largest file accepted, in bytes (default [`crate::format::DEFAULT_MAX_BYTES`]).
    pub max_bytes: u64,
}

impl Default for GeniusOptions {
    fn default() -> Self {
        GeniusOptions {
            max_bytes: crate::format::DEFAULT_MAX_BYTES,
        }
    }
}

/// A scenario read from GENIUS files, with the warnings about them.
#[derive(Debug, Clone, PartialEq)]
pub struct GeniusScenario {
    /// The scenario.
    pub scenario: Scenario,
    /// Located warnings (a zero weight, which makes a party indifferent to an issue).
    pub warnings: Vec<Diagnostic>,
}

/// Loads a scenario from a GENIUS domain file and one profile file per party.
///
/// Each party is named after its profile's file stem. Files are read with the default
/// [`GeniusOptions`]; warnings are dropped (see [`load_genius_with`]).
///
/// # Errors
/// [`BargainError::Io`] when a file cannot be read, [`BargainError::Xml`] when one is not
/// well-formed XML, [`BargainError::Genius`] when it does not describe a valid domain or
/// profile.
pub fn load_genius<P: AsRef<Path>>(domain: P, profiles: &[P]) -> Result<Scenario, BargainError> {
    load_genius_with(domain, profiles, &GeniusOptions::default()).map(|g| g.scenario)
}

/// Loads a scenario from a GENIUS domain file and one profile file per party, refusing
/// files larger than `options.max_bytes` and anything that is not a regular file (a
/// device or a FIFO would otherwise be read until memory runs out).
///
/// # Errors
/// As [`load_genius`], and [`BargainError::Io`] for a file over the limit or not regular.
pub fn load_genius_with<P: AsRef<Path>>(
    domain: P,
    profiles: &[P],
    options: &GeniusOptions,
) -> Result<GeniusScenario, BargainError> {
    let domain = domain.as_ref();
    let space = parse_domain(domain, &read(domain, options.max_bytes)?)?;
    let mut parties = Vec::with_capacity(profiles.len());
    let mut warnings = Vec::new();
    for (i, path) in profiles.iter().enumerate() {
        let path = path.as_ref();
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("party{i}"));
        let text = read(path, options.max_bytes)?;
        let (party, w) = profile_with_warnings(path, &text, &space, &name)?;
        parties.push(party);
        warnings.extend(w);
    }
    Ok(GeniusScenario {
        scenario: Scenario::new(space, parties)?,
        warnings,
    })
}

fn read(path: &Path, max_bytes: u64) -> Result<String, BargainError> {
    let io = |source: std::io::Error| BargainError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(io(std::io::Error::other("not a regular file")));
    }
    let too_large = || {
        io(std::io::Error::other(format!(
            "file is larger than the limit of {max_bytes} bytes"
        )))
    };
    if meta.len() > max_bytes {
        return Err(too_large());
    }
    // The size can change between the check and the read: never read past the limit.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|_| io(std::io::Error::other("the file is not UTF-8")))
}

/// Line and column (from 1, columns in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// Error helper bound to one file.
struct Ctx<'t> {
    path: PathBuf,
    text: &'t str,
}

impl Ctx<'_> {
    /// The problem, located at a byte offset of the file.
    fn err_at(&self, offset: usize, problem: GeniusProblem) -> BargainError {
        let (line, column) = line_column(self.text, offset);
        BargainError::Genius {
            path: self.path.clone(),
            line,
            column,
            problem,
        }
    }

    /// The problem, located at an element.
    fn err(&self, node: Node<'_, '_>, problem: GeniusProblem) -> BargainError {
        self.err_at(node.range().start, problem)
    }

    /// Where an attribute's value starts (the element when it has no such attribute).
    fn attr_pos(node: Node<'_, '_>, name: &str) -> usize {
        node.attribute_node(name)
            .map_or(node.range().start, |a| a.range_value().start)
    }

    fn attr<'a>(&self, node: Node<'a, '_>, name: &str) -> Result<&'a str, BargainError> {
        node.attribute(name).ok_or_else(|| {
            self.err(
                node,
                GeniusProblem::MissingAttribute {
                    element: node.tag_name().name().to_string(),
                    attribute: name.to_string(),
                },
            )
        })
    }

    /// The attribute `name` of `node` as a number.
    fn number<T: std::str::FromStr>(&self, node: Node<'_, '_>, name: &str, what: &str) -> Result<T, BargainError> {
        let text = self.attr(node, name)?;
        text.trim().parse::<T>().map_err(|_| {
            self.err_at(
                Self::attr_pos(node, name),
                GeniusProblem::BadNumber {
                    what: what.to_string(),
                    value: text.to_string(),
                },
            )
        })
    }

    fn float(&self, node: Node<'_, '_>, name: &str, what: &str) -> Result<f64, BargainError> {
        let v: f64 = self.number(node, name, what)?;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(self.err_at(
                Self::attr_pos(node, name),
                GeniusProblem::BadNumber {
                    what: what.to_string(),
                    value: node.attribute(name).unwrap_or_default().to_string(),
                },
            ))
        }
    }

    fn parse<'a>(&self, text: &'a str) -> Result<Document<'a>, BargainError> {
        Document::parse(text).map_err(|e| {
            let pos = e.pos();
            BargainError::Xml {
                path: self.path.clone(),
                line: pos.row as usize,
                column: pos.col as usize,
                message: e.to_string(),
            }
        })
    }

    /// The `<objective>` holding the issues, and its `<issue>` children.
    fn issues<'a, 'i>(&self, doc: &'a Document<'i>) -> Result<(Node<'a, 'i>, Vec<Node<'a, 'i>>), BargainError> {
        let objective = doc
            .descendants()
            .find(|n| n.has_tag_name("objective"))
            .ok_or_else(|| self.err(doc.root_element(), GeniusProblem::MissingElement("objective".into())))?;
        let mut issues = Vec::new();
        for child in objective.children().filter(|n| n.is_element()) {
            match child.tag_name().name() {
                "issue" => issues.push(child),
                "objective" => {
                    let name = child.attribute("name").unwrap_or("").to_string();
                    return Err(self.err(child, GeniusProblem::NestedObjective(name)));
                }
                _ => {}
            }
        }
        if issues.is_empty() {
            return Err(self.err(objective, GeniusProblem::MissingElement("issue".into())));
        }
        // An issue anywhere else would be silently left out of the space.
        if let Some(stray) = doc
            .descendants()
            .filter(|n| n.has_tag_name("issue"))
            .find(|n| n.parent() != Some(objective))
        {
            let name = stray.attribute("name").unwrap_or("").to_string();
            return Err(self.err(stray, GeniusProblem::IssueOutsideObjective(name)));
        }
        Ok((objective, issues))
    }
}

fn issue_type<'a>(node: Node<'a, '_>) -> &'a str {
    node.attribute("type")
        .or_else(|| node.attribute("etype"))
        .unwrap_or("discrete")
}

/// Parses a GENIUS domain; `path` only names the source in errors.
///
/// # Errors
/// [`BargainError::Xml`] or [`BargainError::Genius`], as for [`load_genius`].
pub fn parse_domain(path: impl AsRef<Path>, xml: &str) -> Result<OutcomeSpace, BargainError> {
    let ctx = Ctx {
        path: path.as_ref().to_path_buf(),
        text: xml,
    };
    let doc = ctx.parse(xml)?;
    let (objective, nodes) = ctx.issues(&doc)?;
    let mut issues = Vec::with_capacity(nodes.len());
    for node in nodes {
        let name = ctx.attr(node, "name")?.to_string();
        if issues.iter().any(|i: &DiscreteIssue| i.name == name) {
            return Err(ctx.err(node, GeniusProblem::DuplicateIssue(name)));
        }
        let kind = issue_type(node);
        let issue = match kind {
            "discrete" => {
                let mut values: Vec<String> = Vec::new();
                let mut seen = std::collections::BTreeSet::new();
                for item in node.children().filter(|n| n.has_tag_name("item")) {
                    let value = ctx.attr(item, "value")?;
                    if !seen.insert(value) {
                        return Err(ctx.err(
                            item,
                            GeniusProblem::Invalid(format!("issue `{name}` lists value `{value}` twice")),
                        ));
                    }
                    values.push(value.to_string());
                }
                if values.is_empty() {
                    return Err(ctx.err(node, GeniusProblem::Invalid(format!("issue `{name}` has no values"))));
                }
                DiscreteIssue::categorical(name, values)
            }
            "integer" => {
                let lo: i64 = ctx.number(node, "lowerbound", "lowerbound")?;
                let hi: i64 = ctx.number(node, "upperbound", "upperbound")?;
                if lo > hi {
                    return Err(ctx.err(
                        node,
                        GeniusProblem::Invalid(format!("issue `{name}` has an empty integer range `{lo}..={hi}`")),
                    ));
                }
                DiscreteIssue::integer(name, lo, hi)
            }
            other => {
                return Err(ctx.err(
                    node,
                    GeniusProblem::UnsupportedIssueType {
                        issue: name,
                        kind: other.to_string(),
                    },
                ))
            }
        };
        issues.push(issue);
    }
    // The count is checked arithmetically: nothing is allocated per outcome.
    OutcomeSpace::new(issues).map_err(|e| ctx.err(objective, GeniusProblem::Invalid(e.to_string())))
}

/// Parses a GENIUS linear-additive profile over `space`; `path` only names the
/// source in errors. Warnings (see [`load_genius_with`]) are dropped.
///
/// # Errors
/// [`BargainError::Xml`] or [`BargainError::Genius`], as for [`load_genius`].
pub fn parse_profile(
    path: impl AsRef<Path>,
    xml: &str,
    space: &OutcomeSpace,
    name: &str,
) -> Result<UtilityProfile, BargainError> {
    profile_with_warnings(path, xml, space, name).map(|(p, _)| p)
}

fn profile_with_warnings(
    path: impl AsRef<Path>,
    xml: &str,
    space: &OutcomeSpace,
    name: &str,
) -> Result<(UtilityProfile, Vec<Diagnostic>), BargainError> {
    let ctx = Ctx {
        path: path.as_ref().to_path_buf(),
        text: xml,
    };
    let doc = ctx.parse(xml)?;
    let (objective, nodes) = ctx.issues(&doc)?;
    let mut warnings = Vec::new();

    // Weights by the index they refer to, with the element that gave each.
    let mut weights: BTreeMap<String, (f64, Node<'_, '_>)> = BTreeMap::new();
    for w in objective.children().filter(|n| n.has_tag_name("weight")) {
        let index = ctx.attr(w, "index")?.trim().to_string();
        let value = ctx.float(w, "value", "weight")?;
        if value < 0.0 {
            return Err(ctx.err_at(
                Ctx::attr_pos(w, "value"),
                GeniusProblem::NegativeWeight {
                    index,
                    value: w.attribute("value").unwrap_or_default().to_string(),
                },
            ));
        }
        if weights.insert(index.clone(), (value, w)).is_some() {
            return Err(ctx.err(w, GeniusProblem::DuplicateWeight(index)));
        }
    }

    let n = space.issues().len();
    let mut issue_weights: Vec<Option<f64>> = vec![None; n];
    let mut evaluations: Vec<Option<Vec<f64>>> = vec![None; n];
    let mut used_indices = Vec::new();
    for node in nodes {
        let issue_name = ctx.attr(node, "name")?;
        let pos = space
            .issues()
            .iter()
            .position(|i| i.name == issue_name)
            .ok_or_else(|| ctx.err(node, GeniusProblem::UnknownIssue(issue_name.to_string())))?;
        if evaluations[pos].is_some() {
            return Err(ctx.err(node, GeniusProblem::DuplicateIssue(issue_name.to_string())));
        }
        let issue = &space.issues()[pos];
        let index = ctx.attr(node, "index")?.trim().to_string();
        let (weight, weight_node) = weights
            .get(&index)
            .copied()
            .ok_or_else(|| ctx.err(node, GeniusProblem::MissingWeight(issue_name.to_string())))?;
        if weight == 0.0 {
            let (line, column) = line_column(xml, Ctx::attr_pos(weight_node, "value"));
            warnings.push(Diagnostic {
                file: ctx.path.display().to_string(),
                line,
                column,
                severity: Severity::Warning,
                kind: crate::error::DiagnosticKind::Semantics,
                field: None,
                message: format!("issue `{issue_name}` has weight 0: `{name}` is indifferent to it"),
            });
        }
        used_indices.push(index);
        issue_weights[pos] = Some(weight);

        // Evaluations by value position. Only what the file lists is stored, so an integer
        // issue of 10^9 values costs nothing until its missing evaluations are reported.
        let mut evals: BTreeMap<usize, f64> = BTreeMap::new();
        for item in node.children().filter(|n| n.has_tag_name("item")) {
            let text = ctx.attr(item, "value")?;
            let value = match issue.kind {
                IssueKind::Integer { .. } => text
                    .trim()
                    .parse::<i64>()
                    .map(Value::Integer)
                    .unwrap_or_else(|_| Value::Text(text.to_string())),
                IssueKind::Categorical { .. } => Value::Text(text.to_string()),
            };
            let j = issue.position(&value).ok_or_else(|| {
                ctx.err_at(
                    Ctx::attr_pos(item, "value"),
                    GeniusProblem::UnknownValue {
                        issue: issue_name.to_string(),
                        value: text.to_string(),
                    },
                )
            })?;
            let what = format!("evaluation of `{issue_name}` = `{text}`");
            let e = ctx.float(item, "evaluation", &what)?;
            if evals.insert(j, e).is_some() {
                return Err(ctx.err(
                    item,
                    GeniusProblem::DuplicateEvaluation {
                        issue: issue_name.to_string(),
                        value: text.to_string(),
                    },
                ));
            }
        }
        // Positions are distinct, so the first gap is at most at `evals.len()`.
        let first_gap = (0..=evals.len())
            .find(|j| !evals.contains_key(j))
            .unwrap_or(evals.len());
        if (first_gap as u64) < issue.len() {
            return Err(ctx.err(
                node,
                GeniusProblem::MissingEvaluation {
                    issue: issue_name.to_string(),
                    value: issue.value(first_gap).map(|v| v.to_string()).unwrap_or_default(),
                },
            ));
        }
        evaluations[pos] = Some(evals.into_values().collect());
    }
    if let Some((unused, (_, node))) = weights.iter().find(|(k, _)| !used_indices.contains(k)) {
        return Err(ctx.err(*node, GeniusProblem::UnknownWeightIndex(unused.clone())));
    }
    let mut party_weights = Vec::with_capacity(n);
    let mut party_evals = Vec::with_capacity(n);
    for ((issue, w), e) in space.issues().iter().zip(issue_weights).zip(evaluations) {
        match (w, e) {
            (Some(w), Some(e)) => {
                party_weights.push(w);
                party_evals.push(e);
            }
            _ => return Err(ctx.err(objective, GeniusProblem::MissingIssue(issue.name.clone()))),
        }
    }
    let mut reservations = doc.descendants().filter(|n| n.has_tag_name("reservation"));
    let reservation = match reservations.next() {
        Some(r) => ctx.float(r, "value", "reservation")?,
        None => 0.0,
    };
    if let Some(second) = reservations.next() {
        return Err(ctx.err(second, GeniusProblem::DuplicateReservation));
    }
    Ok((
        UtilityProfile {
            name: name.to_string(),
            weights: party_weights,
            evaluations: party_evals,
            reservation,
        },
        warnings,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOMAIN: &str = r#"<negotiation_template><utility_space number_of_issues="2">
<objective index="0" name="root" type="objective">
  <issue index="1" name="color" type="discrete"><item index="1" value="red"/><item index="2" value="blue"/></issue>
  <issue index="2" name="qty" type="integer" lowerbound="1" upperbound="3"/>
</objective></utility_space></negotiation_template>"#;

    fn profile(weights: &str, items: &str, reservation: &str) -> String {
        format!(
            r#"<utility_space><objective index="1" name="any">
<issue index="1" name="color" type="discrete"><item value="red" evaluation="1"/><item value="blue" evaluation="0.5"/></issue>
<issue index="2" name="qty" type="discrete" vtype="integer">{items}</issue>
{weights}
</objective>{reservation}</utility_space>"#
        )
    }

    const ITEMS: &str =
        r#"<item value="1" evaluation="0"/><item value="2" evaluation="0.5"/><item value="3" evaluation="1"/>"#;
    const WEIGHTS: &str = r#"<weight index="1" value="0.25"/><weight index="2" value="0.75"/>"#;

    fn space() -> OutcomeSpace {
        parse_domain("d.xml", DOMAIN).unwrap()
    }

    fn problem(r: Result<UtilityProfile, BargainError>) -> GeniusProblem {
        match r {
            Err(BargainError::Genius { problem, .. }) => problem,
            other => panic!("expected a genius problem, got {other:?}"),
        }
    }

    #[test]
    fn reads_domain_and_profile() {
        let s = space();
        assert_eq!(s.cardinality(), 6);
        let xml = profile(WEIGHTS, ITEMS, r#"<reservation value="0.5"/>"#);
        let p = parse_profile("p.xml", &xml, &s, "P").unwrap();
        assert_eq!(p.weights, vec![0.25, 0.75]);
        assert_eq!(p.evaluations, vec![vec![1.0, 0.5], vec![0.0, 0.5, 1.0]]);
        assert_eq!(p.reservation, 0.5);
    }

    #[test]
    fn missing_reservation_is_zero() {
        let p = parse_profile("p.xml", &profile(WEIGHTS, ITEMS, ""), &space(), "P").unwrap();
        assert_eq!(p.reservation, 0.0);
    }

    #[test]
    fn missing_weight_is_an_error() {
        let xml = profile(r#"<weight index="1" value="0.25"/>"#, ITEMS, "");
        assert_eq!(
            problem(parse_profile("p.xml", &xml, &space(), "P")),
            GeniusProblem::MissingWeight("qty".into())
        );
    }

    #[test]
    fn bad_number_names_the_file() {
        let xml = profile(WEIGHTS, ITEMS, r#"<reservation value="abc"/>"#);
        let err = parse_profile("p.xml", &xml, &space(), "P").unwrap_err();
        assert_eq!(err.to_string(), "p.xml:5:33: bad number `abc` in `reservation`");
    }

    #[test]
    fn unknown_value_and_missing_evaluation() {
        let xml = profile(WEIGHTS, r#"<item value="7" evaluation="0"/>"#, "");
        assert!(matches!(
            problem(parse_profile("p.xml", &xml, &space(), "P")),
            GeniusProblem::UnknownValue { .. }
        ));
        let xml = profile(WEIGHTS, r#"<item value="1" evaluation="0"/>"#, "");
        assert_eq!(
            problem(parse_profile("p.xml", &xml, &space(), "P")),
            GeniusProblem::MissingEvaluation {
                issue: "qty".into(),
                value: "2".into()
            }
        );
    }

    #[test]
    fn unknown_issue_is_an_error() {
        let xml = profile(WEIGHTS, ITEMS, "").replace("\"qty\"", "\"size\"");
        assert_eq!(
            problem(parse_profile("p.xml", &xml, &space(), "P")),
            GeniusProblem::UnknownIssue("size".into())
        );
    }

    #[test]
    fn malformed_xml_is_an_error() {
        assert!(matches!(
            parse_domain("d.xml", "<utility_space><objective>"),
            Err(BargainError::Xml { .. })
        ));
        assert!(matches!(
            parse_domain("d.xml", "<a/>"),
            Err(BargainError::Genius { .. })
        ));
        let real = DOMAIN.replace("type=\"integer\"", "type=\"real\"");
        assert!(parse_domain("d.xml", &real).is_err());
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let err = load_genius("/nonexistent/d.xml", &["/nonexistent/a.xml"]).unwrap_err();
        assert!(err.to_string().starts_with("cannot read `/nonexistent/d.xml`"));
    }

    fn located(r: Result<UtilityProfile, BargainError>) -> (usize, usize, GeniusProblem) {
        match r {
            Err(BargainError::Genius {
                line, column, problem, ..
            }) => (line, column, problem),
            other => panic!("expected a located genius problem, got {other:?}"),
        }
    }

    #[test]
    fn every_problem_is_located() {
        let xml = profile(WEIGHTS, r#"<item value="1" evaluation="0"/>"#, "");
        let (line, column, _) = located(parse_profile("p.xml", &xml, &space(), "P"));
        // The `qty` issue element, on the third line.
        assert_eq!((line, column), (3, 1));
        let err = parse_domain("d.xml", "<a>\n  <b x=1/></a>").unwrap_err();
        assert!(err.to_string().starts_with("d.xml:2:"), "{err}");
        assert!(err.to_string().contains("not well-formed xml"), "{err}");
    }

    #[test]
    fn negative_weight_is_an_error_and_zero_weight_a_warning() {
        let negative = profile(
            r#"<weight index="1" value="-0.25"/><weight index="2" value="0.75"/>"#,
            ITEMS,
            "",
        );
        let (line, _, problem) = located(parse_profile("p.xml", &negative, &space(), "P"));
        assert_eq!(line, 4);
        assert!(matches!(problem, GeniusProblem::NegativeWeight { .. }));
        let zero = profile(
            r#"<weight index="1" value="0"/><weight index="2" value="1"/>"#,
            ITEMS,
            "",
        );
        let (party, warnings) = profile_with_warnings("p.xml", &zero, &space(), "P").unwrap();
        assert_eq!(party.weights, vec![0.0, 1.0]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].to_string(),
            "p.xml:4:26: warning: issue `color` has weight 0: `P` is indifferent to it"
        );
    }

    #[test]
    fn second_reservation_and_stray_issue_are_errors() {
        let two = profile(
            WEIGHTS,
            ITEMS,
            r#"<reservation value="0.5"/><reservation value="0.7"/>"#,
        );
        let (_, _, problem) = located(parse_profile("p.xml", &two, &space(), "P"));
        assert_eq!(problem, GeniusProblem::DuplicateReservation);
        let stray = profile(WEIGHTS, ITEMS, r#"<issue index="3" name="extra" type="discrete"/>"#);
        let (line, column, problem) = located(parse_profile("p.xml", &stray, &space(), "P"));
        assert_eq!(problem, GeniusProblem::IssueOutsideObjective("extra".into()));
        assert_eq!((line, column), (5, 13));
        let domain = DOMAIN.replace("</objective>", "</objective><issue name=\"x\" type=\"discrete\"/>");
        assert!(matches!(
            parse_domain("d.xml", &domain),
            Err(BargainError::Genius {
                problem: GeniusProblem::IssueOutsideObjective(_),
                ..
            })
        ));
    }

    #[test]
    fn huge_integer_issue_errors_without_allocating_per_value() {
        let domain = DOMAIN.replace("upperbound=\"3\"", "upperbound=\"1000000000\"");
        let s = parse_domain("d.xml", &domain).unwrap();
        assert_eq!(s.cardinality(), 2_000_000_000);
        let xml = profile(WEIGHTS, ITEMS, "");
        // Only the three listed evaluations are stored; the fourth value is the first missing.
        assert_eq!(
            problem(parse_profile("p.xml", &xml, &s, "P")),
            GeniusProblem::MissingEvaluation {
                issue: "qty".into(),
                value: "4".into()
            }
        );
    }

    #[test]
    fn files_obey_the_size_limit_and_must_be_regular() {
        let dir = std::env::temp_dir().join(format!("negdiff-genius-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let d = dir.join("d.xml");
        let p = dir.join("p.xml");
        std::fs::write(&d, DOMAIN).unwrap();
        std::fs::write(&p, profile(WEIGHTS, ITEMS, "")).unwrap();
        let small = GeniusOptions { max_bytes: 64 };
        let err = load_genius_with(&d, &[&p], &small).unwrap_err();
        assert!(err.to_string().contains("larger than the limit of 64 bytes"), "{err}");
        let err = load_genius(dir.as_path(), &[p.as_path()]).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        if Path::new("/dev/zero").exists() {
            let err = load_genius(Path::new("/dev/zero"), &[p.as_path()]).unwrap_err();
            assert!(err.to_string().contains("not a regular file"), "{err}");
        }
        let ok = load_genius_with(&d, &[&p, &p], &GeniusOptions::default()).unwrap();
        assert!(ok.warnings.is_empty());
        assert_eq!(ok.scenario.parties().len(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
