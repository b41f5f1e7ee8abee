//! Test helpers: households written tersely in the request format, and the shipped reference data.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::household::Household;
use crate::reference::{Reference, SHIPPED};

pub(crate) fn d(text: &str) -> NaiveDate {
    crate::dates::parse_iso(text).unwrap()
}

pub(crate) fn reference(year: i32) -> Reference {
    let (_, text) = SHIPPED.iter().find(|(y, _)| *y == year).unwrap();
    Reference::from_toml_str(text).unwrap()
}

/// A household being written: `h().adult("a1", "1980-01-01").child("c1", "2015-05-05").build()`.
pub(crate) struct H(Value);

pub(crate) fn h() -> H {
    H(json!({
        "format": "guichet.household/1",
        "received_on": "2024-11-01",
        "address": {"line": "1 place de l'Europe", "postcode": "92500", "city": "Rueil-Malmaison",
                    "department_since": "2000-01-01"},
        "adults": [], "children": [], "documents": []
    }))
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        b.extend(e);
    }
    base
}

impl H {
    pub(crate) fn adult(self, id: &str, birth: &str) -> Self {
        self.adult_with(id, birth, json!({}))
    }

    pub(crate) fn adult_with(mut self, id: &str, birth: &str, extra: Value) -> Self {
        let adult = merge(
            json!({"id": id, "last_name": "Martin", "first_name": format!("Adulte {id}"), "birth_date": birth}),
            extra,
        );
        self.0["adults"].as_array_mut().unwrap().push(adult);
        self
    }

    pub(crate) fn child(self, id: &str, birth: &str) -> Self {
        self.child_with(id, birth, json!({}))
    }

    pub(crate) fn child_with(mut self, id: &str, birth: &str, extra: Value) -> Self {
        let child = merge(
            json!({"id": id, "last_name": "Martin", "first_name": format!("Enfant {id}"),
                   "birth_date": birth, "residence": "full", "schooled": true}),
            extra,
        );
        self.0["children"].as_array_mut().unwrap().push(child);
        self
    }

    pub(crate) fn doc(mut self, document: Value) -> Self {
        self.0["documents"].as_array_mut().unwrap().push(document);
        self
    }

    /// A tax notice of `income_year` for `holders`.
    pub(crate) fn notice(self, holders: &[&str], income_year: i32, rfr: i64, tax: i64) -> Self {
        self.doc(json!({"kind": "tax_notice", "holders": holders, "issued_on": format!("{}-07-25", income_year + 1),
                        "income_year": income_year, "reference_tax_income_cents": rfr, "income_tax_cents": tax}))
    }

    pub(crate) fn caf(self, issued_on: &str, monthly: i64) -> Self {
        self.doc(
            json!({"kind": "benefits_certificate", "issued_on": issued_on,
                        "monthly_family_benefits_cents": monthly}),
        )
    }

    pub(crate) fn set(mut self, key: &str, value: Value) -> Self {
        self.0[key] = value;
        self
    }

    pub(crate) fn build(self) -> Household {
        crate::request::parse_value(&self.0).unwrap()
    }
}
