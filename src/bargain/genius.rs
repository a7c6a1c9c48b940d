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
use std::path::{Path, PathBuf};

use roxmltree::{Document, Node};

use super::error::{BargainError, GeniusProblem};
use super::space::{Issue, IssueKind, OutcomeSpace, Party, Scenario, Value};

/// Loads a scenario from a GENIUS domain file and one profile file per party.
///
/// Each party is named after its profile's file stem.
///
/// # Errors
/// [`BargainError::Io`] when a file cannot be read, [`BargainError::Xml`] when one is not
/// well-formed XML, [`BargainError::Genius`] when it does not describe a valid domain or
/// profile.
pub fn load_genius<P: AsRef<Path>>(domain: P, profiles: &[P]) -> Result<Scenario, BargainError> {
    let domain = domain.as_ref();
    let space = parse_domain(domain, &read(domain)?)?;
    let mut parties = Vec::with_capacity(profiles.len());
    for (i, path) in profiles.iter().enumerate() {
        let path = path.as_ref();
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("party{i}"));
        parties.push(parse_profile(path, &read(path)?, &space, &name)?);
    }
    Scenario::new(space, parties)
}

fn read(path: &Path) -> Result<String, BargainError> {
    std::fs::read_to_string(path).map_err(|source| BargainError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Error helper bound to one file.
struct Ctx {
    path: PathBuf,
}

impl Ctx {
    fn err(&self, problem: GeniusProblem) -> BargainError {
        BargainError::Genius {
            path: self.path.clone(),
            problem,
        }
    }

    fn attr<'a>(&self, node: Node<'a, '_>, name: &str) -> Result<&'a str, BargainError> {
        node.attribute(name).ok_or_else(|| {
            self.err(GeniusProblem::MissingAttribute {
                element: node.tag_name().name().to_string(),
                attribute: name.to_string(),
            })
        })
    }

    fn number<T: std::str::FromStr>(&self, text: &str, what: &str) -> Result<T, BargainError> {
        text.trim().parse::<T>().map_err(|_| {
            self.err(GeniusProblem::BadNumber {
                what: what.to_string(),
                value: text.to_string(),
            })
        })
    }

    fn float(&self, text: &str, what: &str) -> Result<f64, BargainError> {
        let v: f64 = self.number(text, what)?;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(self.err(GeniusProblem::BadNumber {
                what: what.to_string(),
                value: text.to_string(),
            }))
        }
    }

    fn parse<'a>(&self, text: &'a str) -> Result<Document<'a>, BargainError> {
        Document::parse(text).map_err(|e| BargainError::Xml {
            path: self.path.clone(),
            message: e.to_string(),
        })
    }

    /// The `<objective>` holding the issues, and its `<issue>` children.
    fn issues<'a, 'i>(&self, doc: &'a Document<'i>) -> Result<(Node<'a, 'i>, Vec<Node<'a, 'i>>), BargainError> {
        let objective = doc
            .descendants()
            .find(|n| n.has_tag_name("objective"))
            .ok_or_else(|| self.err(GeniusProblem::MissingElement("objective".into())))?;
        let mut issues = Vec::new();
        for child in objective.children().filter(|n| n.is_element()) {
            match child.tag_name().name() {
                "issue" => issues.push(child),
                "objective" => {
                    let name = child.attribute("name").unwrap_or("").to_string();
                    return Err(self.err(GeniusProblem::NestedObjective(name)));
                }
                _ => {}
            }
        }
        if issues.is_empty() {
            return Err(self.err(GeniusProblem::MissingElement("issue".into())));
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
    };
    let doc = ctx.parse(xml)?;
    let (_, nodes) = ctx.issues(&doc)?;
    let mut issues = Vec::with_capacity(nodes.len());
    for node in nodes {
        let name = ctx.attr(node, "name")?.to_string();
        if issues.iter().any(|i: &Issue| i.name == name) {
            return Err(ctx.err(GeniusProblem::DuplicateIssue(name)));
        }
        let kind = issue_type(node);
        let issue = match kind {
            "discrete" => {
                let mut values = Vec::new();
                for item in node.children().filter(|n| n.has_tag_name("item")) {
                    values.push(ctx.attr(item, "value")?.to_string());
                }
                Issue::categorical(name, values)
            }
            "integer" => {
                let lo = ctx.number(ctx.attr(node, "lowerbound")?, "lowerbound")?;
                let hi = ctx.number(ctx.attr(node, "upperbound")?, "upperbound")?;
                Issue::integer(name, lo, hi)
            }
            other => {
                return Err(ctx.err(GeniusProblem::UnsupportedIssueType {
                    issue: name,
                    kind: other.to_string(),
                }))
            }
        };
        issues.push(issue);
    }
    OutcomeSpace::new(issues).map_err(|e| ctx.err(GeniusProblem::Invalid(e.to_string())))
}

/// Parses a GENIUS linear-additive profile over `space`; `path` only names the
/// source in errors.
///
/// # Errors
/// [`BargainError::Xml`] or [`BargainError::Genius`], as for [`load_genius`].
pub fn parse_profile(
    path: impl AsRef<Path>,
    xml: &str,
    space: &OutcomeSpace,
    name: &str,
) -> Result<Party, BargainError> {
    let ctx = Ctx {
        path: path.as_ref().to_path_buf(),
    };
    let doc = ctx.parse(xml)?;
    let (objective, nodes) = ctx.issues(&doc)?;

    // Weights by the index they refer to.
    let mut weights: BTreeMap<String, f64> = BTreeMap::new();
    for w in objective.children().filter(|n| n.has_tag_name("weight")) {
        let index = ctx.attr(w, "index")?.trim().to_string();
        let value = ctx.float(ctx.attr(w, "value")?, "weight")?;
        if weights.insert(index.clone(), value).is_some() {
            return Err(ctx.err(GeniusProblem::DuplicateWeight(index)));
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
            .ok_or_else(|| ctx.err(GeniusProblem::UnknownIssue(issue_name.to_string())))?;
        if evaluations[pos].is_some() {
            return Err(ctx.err(GeniusProblem::DuplicateIssue(issue_name.to_string())));
        }
        let issue = &space.issues()[pos];
        let index = ctx.attr(node, "index")?.trim().to_string();
        let weight = weights
            .get(&index)
            .copied()
            .ok_or_else(|| ctx.err(GeniusProblem::MissingWeight(issue_name.to_string())))?;
        used_indices.push(index);
        issue_weights[pos] = Some(weight);

        let len = usize::try_from(issue.len()).unwrap_or(usize::MAX);
        let mut evals: Vec<Option<f64>> = vec![None; len.min(1 << 24)];
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
            let unknown = || GeniusProblem::UnknownValue {
                issue: issue_name.to_string(),
                value: text.to_string(),
            };
            let j = issue
                .position(&value)
                .filter(|&j| j < evals.len())
                .ok_or_else(|| ctx.err(unknown()))?;
            let what = format!("evaluation of `{issue_name}` = `{text}`");
            let e = ctx.float(ctx.attr(item, "evaluation")?, &what)?;
            if evals[j].replace(e).is_some() {
                return Err(ctx.err(GeniusProblem::DuplicateEvaluation {
                    issue: issue_name.to_string(),
                    value: text.to_string(),
                }));
            }
        }
        let mut full = Vec::with_capacity(evals.len());
        for j in 0..len {
            match evals.get(j).copied().flatten() {
                Some(e) => full.push(e),
                None => {
                    return Err(ctx.err(GeniusProblem::MissingEvaluation {
                        issue: issue_name.to_string(),
                        value: issue.value(j).map(|v| v.to_string()).unwrap_or_default(),
                    }))
                }
            }
        }
        evaluations[pos] = Some(full);
    }
    if let Some(unused) = weights.keys().find(|k| !used_indices.contains(k)) {
        return Err(ctx.err(GeniusProblem::UnknownWeightIndex(unused.clone())));
    }
    let mut party_weights = Vec::with_capacity(n);
    let mut party_evals = Vec::with_capacity(n);
    for ((issue, w), e) in space.issues().iter().zip(issue_weights).zip(evaluations) {
        match (w, e) {
            (Some(w), Some(e)) => {
                party_weights.push(w);
                party_evals.push(e);
            }
            _ => return Err(ctx.err(GeniusProblem::MissingIssue(issue.name.clone()))),
        }
    }
    let reservation = match doc.descendants().find(|n| n.has_tag_name("reservation")) {
        Some(r) => ctx.float(ctx.attr(r, "value")?, "reservation")?,
        None => 0.0,
    };
    Ok(Party {
        name: name.to_string(),
        weights: party_weights,
        evaluations: party_evals,
        reservation,
    })
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

    fn problem(r: Result<Party, BargainError>) -> GeniusProblem {
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
        assert_eq!(err.to_string(), "`p.xml`: bad number `abc` in `reservation`");
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
}
