//! The household request format `guichet.household/1` (see `shared/formats/household-request.md`):
//! what the online portal exports, what `guichet import` and the simulators read. Parsing is strict —
//! an unknown field, a missing one, an impossible date or an amount out of range is refused with a
//! French message that names the field and the person — and produces a [`Household`].
//!
//! The JSON is walked by hand rather than through `#[derive(Deserialize)]` so that every message can
//! name the person or document it is about (`enfant c2 (Léo Martin)`), which serde's messages cannot.

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use crate::dates::parse_iso;
use crate::documents::{Document, DocumentKind, SchoolYear};
use crate::household::{Address, Adult, Channel, Child, Household, Minimum, Residence};
use crate::ids::PersonId;
use crate::money::Cents;

/// The format tag every request carries.
pub const FORMAT: &str = "guichet.household/1";

/// The largest amount accepted, in cents: anything above is taken for a typing error.
pub const MAX_AMOUNT_CENTS: i64 = 1_000_000_000;

/// Why a request was refused: where (the person or document, when there is one) and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct RequestError {
    /// `adulte a1 (Éléonore Martin)`, `document n° 3 (tax_notice)`, or empty for the whole request.
    pub location: String,
    /// The field concerned, when there is one.
    pub field: Option<String>,
    /// What is wrong, in French.
    pub problem: String,
}

impl RequestError {
    fn new(location: &str, field: Option<&str>, problem: impl Into<String>) -> Self {
        RequestError {
            location: location.to_owned(),
            field: field.map(str::to_owned),
            problem: problem.into(),
        }
    }

    /// The whole French sentence shown to the agent.
    pub fn message(&self) -> String {
        let mut text = String::new();
        if !self.location.is_empty() {
            text.push_str(&self.location);
            text.push_str(" : ");
        }
        if let Some(field) = &self.field {
            text.push_str(&format!("champ « {field} » : "));
        }
        text.push_str(&self.problem);
        text
    }
}

type Result<T> = std::result::Result<T, RequestError>;

/// Parses and checks a request. Nothing partial is returned: any error refuses the whole request.
pub fn parse_request(json: &str) -> Result<Household> {
    let value: Value = serde_json::from_str(json).map_err(|e| {
        RequestError::new(
            "",
            None,
            format!(
                "le fichier n'est pas un JSON valide (ligne {}, colonne {}) : {}",
                e.line(),
                e.column(),
                json_problem(&e)
            ),
        )
    })?;
    parse_value(&value)
}

fn json_problem(e: &serde_json::Error) -> &'static str {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => "le fichier s'arrête avant la fin",
        Category::Syntax => "erreur de syntaxe",
        Category::Data => "donnée inattendue",
        Category::Io => "lecture impossible",
    }
}

/// Parses an already decoded JSON value.
pub fn parse_value(value: &Value) -> Result<Household> {
    let root = Obj::new(
        value,
        "la demande",
        &[
            "format",
            "reference",
            "channel",
            "site",
            "received_on",
            "address",
            "adults",
            "couple",
            "children",
            "documents",
        ],
    )?;
    let format = root.req_str("format")?;
    if format != FORMAT {
        return Err(root.err(
            Some("format"),
            format!("format « {format} » inconnu, « {FORMAT} » attendu"),
        ));
    }
    let reference = root.opt_str("reference")?;
    let channel = match root.opt_str("channel")? {
        None => Channel::Desk,
        Some(code) => Channel::from_code(&code).ok_or_else(|| {
            root.err(
                Some("channel"),
                format!("canal « {code} » inconnu (desk ou online attendu)"),
            )
        })?,
    };
    let site = root.opt_str("site")?;
    let received_on = root.req_date("received_on")?;
    let address = parse_address(root.req("address")?)?;
    let couple = root.opt_bool("couple")?;

    let adults_values = root.req_array("adults")?;
    if adults_values.is_empty() {
        return Err(root.err(Some("adults"), "la demande doit compter au moins un adulte"));
    }
    let mut ids = HashSet::new();
    let mut adults = Vec::with_capacity(adults_values.len());
    for (i, v) in adults_values.iter().enumerate() {
        let adult = parse_adult(v, i + 1)?;
        if !ids.insert(adult.id.clone()) {
            return Err(RequestError::new(
                &person_location("adulte", v, i + 1),
                Some("id"),
                format!(
                    "l'identifiant « {} » est déjà utilisé dans la demande",
                    adult.id
                ),
            ));
        }
        adults.push(adult);
    }
    let mut children = Vec::new();
    for (i, v) in root.req_array("children")?.iter().enumerate() {
        let child = parse_child(v, i + 1)?;
        if !ids.insert(child.id.clone()) {
            return Err(RequestError::new(
                &person_location("enfant", v, i + 1),
                Some("id"),
                format!(
                    "l'identifiant « {} » est déjà utilisé dans la demande",
                    child.id
                ),
            ));
        }
        children.push(child);
    }
    let people = People {
        adults: &adults,
        children: &children,
    };
    let mut documents = Vec::new();
    for (i, v) in root.req_array("documents")?.iter().enumerate() {
        documents.push(parse_document(v, i + 1, &people)?);
    }
    Ok(Household {
        reference,
        channel,
        site,
        received_on,
        address,
        adults,
        couple,
        children,
        documents,
    })
}

fn parse_address(value: &Value) -> Result<Address> {
    let o = Obj::new(
        value,
        "adresse",
        &["line", "postcode", "city", "department_since"],
    )?;
    Ok(Address {
        line: o.req_text("line")?,
        postcode: o.req_text("postcode")?,
        city: o.req_text("city")?,
        department_since: o.opt_date("department_since")?,
    })
}

/// `adulte a1 (Éléonore Martin)`, or `adulte n° 2` when the id itself is missing.
fn person_location(role: &str, value: &Value, index: usize) -> String {
    let id = value.get("id").and_then(Value::as_str);
    let first = value.get("first_name").and_then(Value::as_str);
    let last = value.get("last_name").and_then(Value::as_str);
    match (id, first, last) {
        (Some(id), Some(f), Some(l)) => format!("{role} {id} ({f} {l})"),
        (Some(id), _, _) => format!("{role} {id}"),
        _ => format!("{role} n° {index}"),
    }
}

fn parse_adult(value: &Value, index: usize) -> Result<Adult> {
    let location = person_location("adulte", value, index);
    let o = Obj::new(
        value,
        &location,
        &[
            "id",
            "last_name",
            "first_name",
            "birth_date",
            "minima_sociaux",
            "disability_rate",
            "retired_unfit",
        ],
    )?;
    let minima_sociaux = o.minima("minima_sociaux", &Minimum::ALL)?;
    let disability_rate = match o.opt("disability_rate") {
        None => None,
        Some(v) => match v.as_u64() {
            Some(rate) if rate <= 100 => Some(u8::try_from(rate).unwrap_or(100)),
            _ => {
                return Err(o.err(
                    Some("disability_rate"),
                    format!(
                        "taux d'incapacité attendu en pourcentage (entier de 0 à 100), reçu {v}"
                    ),
                ));
            }
        },
    };
    Ok(Adult {
        id: o.req_id()?,
        last_name: o.req_text("last_name")?,
        first_name: o.req_text("first_name")?,
        birth_date: o.req_date("birth_date")?,
        minima_sociaux,
        disability_rate,
        retired_unfit: o.opt_bool("retired_unfit")?,
    })
}

fn parse_child(value: &Value, index: usize) -> Result<Child> {
    let location = person_location("enfant", value, index);
    let o = Obj::new(
        value,
        &location,
        &[
            "id",
            "last_name",
            "first_name",
            "birth_date",
            "residence",
            "disability",
            "schooled",
            "student",
            "left",
        ],
    )?;
    let residence = match o.req_str("residence")?.as_str() {
        "full" => Residence::Full,
        "shared" => Residence::Shared,
        other => {
            return Err(o.err(
                Some("residence"),
                format!("résidence « {other} » inconnue (full ou shared attendu)"),
            ));
        }
    };
    Ok(Child {
        id: o.req_id()?,
        last_name: o.req_text("last_name")?,
        first_name: o.req_text("first_name")?,
        birth_date: o.req_date("birth_date")?,
        residence,
        disability: o.opt_bool("disability")?,
        schooled: o.opt_bool("schooled")?,
        student: o.opt_bool("student")?,
        left: o.opt_bool("left")?,
    })
}

/// The people of the request, to check that documents name someone who exists, of the right kind.
struct People<'a> {
    adults: &'a [Adult],
    children: &'a [Child],
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HolderKind {
    Adult,
    Child,
    AdultOrChild,
}

impl People<'_> {
    fn check(&self, o: &Obj<'_>, field: &str, id: &str, kind: HolderKind) -> Result<PersonId> {
        let is_adult = self.adults.iter().any(|a| a.id.as_str() == id);
        let is_child = self.children.iter().any(|c| c.id.as_str() == id);
        if !is_adult && !is_child {
            return Err(o.err(
                Some(field),
                format!("la personne « {id} » n'existe pas dans la demande"),
            ));
        }
        let fits = match kind {
            HolderKind::Adult => is_adult,
            HolderKind::Child => is_child,
            HolderKind::AdultOrChild => true,
        };
        if !fits {
            let expected = if kind == HolderKind::Adult {
                "un adulte"
            } else {
                "un enfant"
            };
            return Err(o.err(
                Some(field),
                format!("« {id} » n'est pas {expected}, ce document doit appartenir à {expected}"),
            ));
        }
        Ok(PersonId::new(id))
    }
}

fn parse_document(value: &Value, index: usize, people: &People<'_>) -> Result<Document> {
    let kind_code = value.get("kind").and_then(Value::as_str);
    let location = match kind_code {
        Some(k) => format!("document n° {index} ({k})"),
        None => format!("document n° {index}"),
    };
    let kind = match kind_code {
        Some(code) => DocumentKind::from_code(code).ok_or_else(|| {
            RequestError::new(
                &location,
                Some("kind"),
                format!("type de document « {code} » inconnu"),
            )
        })?,
        None => {
            return Err(match value.get("kind") {
                None if value.is_object() => {
                    RequestError::new(&location, Some("kind"), "champ manquant")
                }
                _ if !value.is_object() => {
                    RequestError::new(&location, None, "un objet JSON est attendu")
                }
                _ => RequestError::new(&location, Some("kind"), "texte attendu"),
            });
        }
    };
    let fields: &[&str] = match kind {
        DocumentKind::Identity => &["kind", "holder", "issued_on", "expires_on"],
        DocumentKind::TaxNotice => &[
            "kind",
            "holders",
            "issued_on",
            "income_year",
            "reference_tax_income_cents",
            "parts",
            "income_tax_cents",
        ],
        DocumentKind::ProofOfAddress => &["kind", "issued_on", "postcode"],
        DocumentKind::BenefitsCertificate => &[
            "kind",
            "holder",
            "issued_on",
            "monthly_family_benefits_cents",
            "minima_sociaux",
        ],
        DocumentKind::UnemploymentCertificate => &["kind", "holder", "issued_on"],
        DocumentKind::FamilyRecord => &["kind"],
        DocumentKind::CustodyJudgment => &["kind", "issued_on"],
        DocumentKind::DisabilityNotice => &["kind", "holder", "issued_on", "expires_on"],
        DocumentKind::SchoolCertificate => &["kind", "holder", "issued_on", "school_year"],
    };
    let o = Obj::new(value, &location, fields)?;
    let holder = |kind: HolderKind| -> Result<PersonId> {
        let id = o.req_str("holder")?;
        people.check(&o, "holder", &id, kind)
    };
    let document = match kind {
        DocumentKind::Identity => Document::Identity {
            holder: holder(HolderKind::Adult)?,
            issued_on: o.req_date("issued_on")?,
            expires_on: o.opt_date("expires_on")?,
        },
        DocumentKind::TaxNotice => {
            let values = o.req_array("holders")?;
            if values.is_empty() || values.len() > 2 {
                return Err(o.err(
                    Some("holders"),
                    "un avis d'imposition a un ou deux titulaires (adultes)",
                ));
            }
            let mut holders = Vec::new();
            for v in values {
                let id = v
                    .as_str()
                    .ok_or_else(|| o.err(Some("holders"), "identifiants de personnes attendus"))?;
                let id = people.check(&o, "holders", id, HolderKind::Adult)?;
                if holders.contains(&id) {
                    return Err(o.err(Some("holders"), format!("« {id} » est cité deux fois")));
                }
                holders.push(id);
            }
            let income_year = o.req_year("income_year")?;
            let parts = match o.opt("parts") {
                None => None,
                Some(v) => match v.as_f64() {
                    Some(p) if (0.0..=100.0).contains(&p) => Some(p),
                    _ => {
                        return Err(o.err(
                            Some("parts"),
                            format!("nombre de parts attendu (de 0 à 100), reçu {v}"),
                        ));
                    }
                },
            };
            Document::TaxNotice {
                holders,
                issued_on: o.req_date("issued_on")?,
                income_year,
                reference_tax_income_cents: o.req_cents("reference_tax_income_cents")?,
                parts,
                income_tax_cents: o.opt_cents("income_tax_cents")?.unwrap_or(Cents::ZERO),
            }
        }
        DocumentKind::ProofOfAddress => Document::ProofOfAddress {
            issued_on: o.req_date("issued_on")?,
            postcode: o.req_text("postcode")?,
        },
        DocumentKind::BenefitsCertificate => Document::BenefitsCertificate {
            holder: match o.opt_str("holder")? {
                None => None,
                Some(id) => Some(people.check(&o, "holder", &id, HolderKind::Adult)?),
            },
            issued_on: o.req_date("issued_on")?,
            monthly_family_benefits_cents: o
                .opt_cents("monthly_family_benefits_cents")?
                .unwrap_or(Cents::ZERO),
            minima_sociaux: o.minima("minima_sociaux", &[Minimum::Rsa, Minimum::Aah])?,
        },
        DocumentKind::UnemploymentCertificate => Document::UnemploymentCertificate {
            holder: holder(HolderKind::Adult)?,
            issued_on: o.req_date("issued_on")?,
        },
        DocumentKind::FamilyRecord => Document::FamilyRecord,
        DocumentKind::CustodyJudgment => Document::CustodyJudgment {
            issued_on: o.opt_date("issued_on")?,
        },
        DocumentKind::DisabilityNotice => Document::DisabilityNotice {
            holder: holder(HolderKind::AdultOrChild)?,
            issued_on: o.opt_date("issued_on")?,
            expires_on: o.opt_date("expires_on")?,
        },
        DocumentKind::SchoolCertificate => {
            let text = o.req_str("school_year")?;
            let school_year = SchoolYear::parse(&text).ok_or_else(|| {
                o.err(
                    Some("school_year"),
                    format!("année scolaire « {text} » invalide (par exemple « 2024-2025 »)"),
                )
            })?;
            Document::SchoolCertificate {
                holder: holder(HolderKind::Child)?,
                issued_on: o.req_date("issued_on")?,
                school_year,
            }
        }
    };
    Ok(document)
}

/// A JSON object being read, with the place it stands for in messages.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    location: String,
}

impl<'a> Obj<'a> {
    /// Checks that `value` is an object whose fields are all in `allowed`.
    fn new(value: &'a Value, location: &str, allowed: &[&str]) -> Result<Self> {
        let map = value
            .as_object()
            .ok_or_else(|| RequestError::new(location, None, "un objet JSON est attendu"))?;
        if let Some(unknown) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(RequestError::new(
                location,
                Some(unknown),
                format!("champ inconnu (champs admis : {})", allowed.join(", ")),
            ));
        }
        Ok(Obj {
            map,
            location: location.to_owned(),
        })
    }

    fn err(&self, field: Option<&str>, problem: impl Into<String>) -> RequestError {
        RequestError::new(&self.location, field, problem)
    }

    /// The field's value; `null` counts as absent.
    fn opt(&self, field: &str) -> Option<&'a Value> {
        self.map.get(field).filter(|v| !v.is_null())
    }

    fn req(&self, field: &str) -> Result<&'a Value> {
        self.opt(field)
            .ok_or_else(|| self.err(Some(field), "champ manquant"))
    }

    fn req_str(&self, field: &str) -> Result<String> {
        let v = self.req(field)?;
        v.as_str()
            .map(str::to_owned)
            .ok_or_else(|| self.err(Some(field), format!("texte attendu, reçu {v}")))
    }

    /// A required text that must not be blank; surrounding spaces are dropped.
    fn req_text(&self, field: &str) -> Result<String> {
        let text = self.req_str(field)?;
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(self.err(Some(field), "ne peut pas être vide"));
        }
        Ok(trimmed.to_owned())
    }

    fn opt_str(&self, field: &str) -> Result<Option<String>> {
        match self.opt(field) {
            None => Ok(None),
            Some(v) => v
                .as_str()
                .map(|s| Some(s.trim().to_owned()).filter(|s| !s.is_empty()))
                .ok_or_else(|| self.err(Some(field), format!("texte attendu, reçu {v}"))),
        }
    }

    fn req_id(&self) -> Result<PersonId> {
        let id = self.req_text("id")?;
        Ok(PersonId::new(id))
    }

    fn opt_bool(&self, field: &str) -> Result<bool> {
        match self.opt(field) {
            None => Ok(false),
            Some(v) => v
                .as_bool()
                .ok_or_else(|| self.err(Some(field), format!("true ou false attendu, reçu {v}"))),
        }
    }

    fn date(&self, field: &str, v: &Value) -> Result<NaiveDate> {
        let text = v.as_str().ok_or_else(|| {
            self.err(Some(field), format!("date attendue (AAAA-MM-JJ), reçu {v}"))
        })?;
        parse_iso(text).ok_or_else(|| {
            self.err(
                Some(field),
                format!("« {text} » n'est pas une date du calendrier (AAAA-MM-JJ attendu)"),
            )
        })
    }

    fn req_date(&self, field: &str) -> Result<NaiveDate> {
        let v = self.req(field)?;
        self.date(field, v)
    }

    fn opt_date(&self, field: &str) -> Result<Option<NaiveDate>> {
        self.opt(field).map(|v| self.date(field, v)).transpose()
    }

    fn cents(&self, field: &str, v: &Value) -> Result<Cents> {
        match v.as_i64() {
            Some(n) if (0..=MAX_AMOUNT_CENTS).contains(&n) => Ok(Cents(n)),
            Some(n) => Err(self.err(
                Some(field),
                format!(
                    "montant {n} hors limites (de 0 à 1 000 000 000 centimes) : probable erreur de saisie"
                ),
            )),
            None => Err(self.err(
                Some(field),
                format!("montant attendu en centimes (nombre entier), reçu {v}"),
            )),
        }
    }

    fn req_cents(&self, field: &str) -> Result<Cents> {
        let v = self.req(field)?;
        self.cents(field, v)
    }

    fn opt_cents(&self, field: &str) -> Result<Option<Cents>> {
        self.opt(field).map(|v| self.cents(field, v)).transpose()
    }

    fn req_year(&self, field: &str) -> Result<i32> {
        let v = self.req(field)?;
        v.as_i64()
            .filter(|y| (1900..=2100).contains(y))
            .and_then(|y| i32::try_from(y).ok())
            .ok_or_else(|| {
                self.err(
                    Some(field),
                    format!("année attendue (par exemple 2024), reçu {v}"),
                )
            })
    }

    fn req_array(&self, field: &str) -> Result<&'a Vec<Value>> {
        let v = self.req(field)?;
        v.as_array()
            .ok_or_else(|| self.err(Some(field), format!("liste attendue, reçu {v}")))
    }

    /// A list of minima sociaux codes among `allowed`; absent means none.
    fn minima(&self, field: &str, allowed: &[Minimum]) -> Result<BTreeSet<Minimum>> {
        let Some(v) = self.opt(field) else {
            return Ok(BTreeSet::new());
        };
        let list = v
            .as_array()
            .ok_or_else(|| self.err(Some(field), format!("liste attendue, reçu {v}")))?;
        let codes: Vec<&str> = allowed.iter().map(|m| m.code()).collect();
        list.iter()
            .map(|item| {
                item.as_str()
                    .and_then(Minimum::from_code)
                    .filter(|m| allowed.contains(m))
                    .ok_or_else(|| {
                        self.err(
                            Some(field),
                            format!(
                                "minimum social {item} inconnu (admis : {})",
                                codes.join(", ")
                            ),
                        )
                    })
            })
            .collect()
    }
}

/// The household back in the request format (for exports, demo files and the schema tests).
pub fn to_request_value(household: &Household) -> Value {
    let mut root = Map::new();
    root.insert("format".into(), json!(FORMAT));
    if let Some(reference) = &household.reference {
        root.insert("reference".into(), json!(reference));
    }
    root.insert("channel".into(), json!(household.channel.code()));
    if let Some(site) = &household.site {
        root.insert("site".into(), json!(site));
    }
    root.insert("received_on".into(), json!(household.received_on));
    let mut address = json!({
        "line": household.address.line,
        "postcode": household.address.postcode,
        "city": household.address.city,
    });
    if let (Some(since), Some(map)) = (household.address.department_since, address.as_object_mut())
    {
        map.insert("department_since".into(), json!(since));
    }
    root.insert("address".into(), address);
    let adults: Vec<Value> = household
        .adults
        .iter()
        .map(|a| {
            json!({
                "id": a.id,
                "last_name": a.last_name,
                "first_name": a.first_name,
                "birth_date": a.birth_date,
                "minima_sociaux": a.minima_sociaux,
                "disability_rate": a.disability_rate,
                "retired_unfit": a.retired_unfit,
            })
        })
        .collect();
    root.insert("adults".into(), Value::Array(adults));
    root.insert("couple".into(), json!(household.couple));
    let children: Vec<Value> = household
        .children
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "last_name": c.last_name,
                "first_name": c.first_name,
                "birth_date": c.birth_date,
                "residence": c.residence,
                "disability": c.disability,
                "schooled": c.schooled,
                "student": c.student,
                "left": c.left,
            })
        })
        .collect();
    root.insert("children".into(), Value::Array(children));
    let documents: Vec<Value> = household
        .documents
        .iter()
        .map(|d| serde_json::to_value(d).unwrap_or(Value::Null))
        .collect();
    root.insert("documents".into(), Value::Array(documents));
    Value::Object(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"{
      "format": "guichet.household/1",
      "reference": "WEB-2025-000123",
      "channel": "online",
      "site": "CCAS",
      "received_on": "2024-11-04",
      "address": { "line": "12 rue Jean Jaurès", "postcode": "92500", "city": "Rueil-Malmaison",
                   "department_since": "2019-05-01" },
      "adults": [
        { "id": "a1", "last_name": "Martin", "first_name": "Éléonore", "birth_date": "1986-03-02",
          "minima_sociaux": ["rsa"], "disability_rate": null, "retired_unfit": false }
      ],
      "couple": false,
      "children": [
        { "id": "c1", "last_name": "Martin", "first_name": "Léo", "birth_date": "2014-09-10",
          "residence": "full", "disability": false, "schooled": true, "student": false, "left": false }
      ],
      "documents": [
        { "kind": "identity", "holder": "a1", "issued_on": "2020-01-06", "expires_on": "2030-01-05" },
        { "kind": "tax_notice", "holders": ["a1"], "issued_on": "2024-07-25", "income_year": 2023,
          "reference_tax_income_cents": 1845600, "parts": 2.0, "income_tax_cents": 0 },
        { "kind": "proof_of_address", "issued_on": "2024-10-02", "postcode": "92500" },
        { "kind": "benefits_certificate", "issued_on": "2024-10-15",
          "monthly_family_benefits_cents": 14500, "minima_sociaux": ["rsa"] },
        { "kind": "family_record" }
      ]
    }"#;

    fn with(edit: impl FnOnce(&mut Value)) -> String {
        let mut v: Value = serde_json::from_str(EXAMPLE).unwrap();
        edit(&mut v);
        v.to_string()
    }

    #[test]
    fn the_documented_example_parses() {
        let h = parse_request(EXAMPLE).unwrap();
        assert_eq!(h.reference.as_deref(), Some("WEB-2025-000123"));
        assert_eq!(h.channel, Channel::Online);
        assert_eq!(h.adults[0].first_name, "Éléonore");
        assert!(h.adults[0].claims(Minimum::Rsa));
        assert_eq!(h.children[0].residence, Residence::Full);
        assert_eq!(h.documents.len(), 5);
    }

    #[test]
    fn the_request_format_round_trips() {
        let h = parse_request(EXAMPLE).unwrap();
        let back = parse_value(&to_request_value(&h)).unwrap();
        assert_eq!(h, back);
    }

    #[test]
    fn defaults_apply_to_optional_fields() {
        let json = r#"{"format":"guichet.household/1","received_on":"2025-01-02",
          "address":{"line":"1 place","postcode":"92500","city":"Rueil"},
          "adults":[{"id":"a1","last_name":"A","first_name":"B","birth_date":"1970-01-01"}],
          "children":[],"documents":[]}"#;
        let h = parse_request(json).unwrap();
        assert_eq!(h.channel, Channel::Desk);
        assert!(!h.couple);
        assert!(h.adults[0].minima_sociaux.is_empty());
        assert_eq!(h.adults[0].disability_rate, None);
    }

    /// Each bad request must be refused with a message naming the place and the field.
    #[test]
    fn bad_requests_are_refused_naming_field_and_person() {
        let cases: Vec<(&str, String, &[&str])> = vec![
            (
                "malformed",
                "{\"format\": ".to_owned(),
                &["JSON valide", "ligne 1"],
            ),
            (
                "unknown field",
                with(|v| v["adults"][0]["nom"] = json!("x")),
                &["adulte a1 (Éléonore Martin)", "« nom »", "champ inconnu"],
            ),
            (
                "child without birth date",
                with(|v| {
                    v["children"][0]
                        .as_object_mut()
                        .unwrap()
                        .remove("birth_date");
                }),
                &["enfant c1 (Léo Martin)", "« birth_date »", "manquant"],
            ),
            (
                "impossible date",
                with(|v| v["children"][0]["birth_date"] = json!("2019-02-30")),
                &["enfant c1", "2019-02-30", "date du calendrier"],
            ),
            (
                "amount as text",
                with(|v| v["documents"][3]["monthly_family_benefits_cents"] = json!("145,00")),
                &[
                    "document n° 4 (benefits_certificate)",
                    "monthly_family_benefits_cents",
                    "centimes",
                ],
            ),
            (
                "negative amount",
                with(|v| v["documents"][1]["reference_tax_income_cents"] = json!(-5)),
                &[
                    "document n° 2 (tax_notice)",
                    "reference_tax_income_cents",
                    "hors limites",
                ],
            ),
            (
                "amount too large",
                with(|v| {
                    v["documents"][1]["reference_tax_income_cents"] = json!(1_000_000_001_i64)
                }),
                &["reference_tax_income_cents", "hors limites"],
            ),
            (
                "unknown kind",
                with(|v| v["documents"][0]["kind"] = json!("passport")),
                &["document n° 1", "« passport » inconnu"],
            ),
            (
                "holder who does not exist",
                with(|v| v["documents"][0]["holder"] = json!("a9")),
                &["document n° 1 (identity)", "holder", "« a9 » n'existe pas"],
            ),
            (
                "identity held by a child",
                with(|v| v["documents"][0]["holder"] = json!("c1")),
                &["« c1 » n'est pas un adulte"],
            ),
            (
                "duplicate id",
                with(|v| v["children"][0]["id"] = json!("a1")),
                &["enfant a1", "déjà utilisé"],
            ),
            (
                "unknown minimum",
                with(|v| v["adults"][0]["minima_sociaux"] = json!(["rmi"])),
                &["adulte a1", "minima_sociaux", "inconnu"],
            ),
            (
                "no adult",
                with(|v| v["adults"] = json!([])),
                &["au moins un adulte"],
            ),
            (
                "wrong format",
                with(|v| v["format"] = json!("guichet.household/2")),
                &["format", "inconnu"],
            ),
            (
                "field on a kind without person",
                with(|v| v["documents"][2]["holder"] = json!("a1")),
                &[
                    "document n° 3 (proof_of_address)",
                    "« holder »",
                    "champ inconnu",
                ],
            ),
        ];
        for (name, json, expected) in cases {
            let err = parse_request(&json).expect_err(name).message();
            for part in expected {
                assert!(
                    err.contains(part),
                    "{name}: «{err}» should contain «{part}»"
                );
            }
        }
    }
}
