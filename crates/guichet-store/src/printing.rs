//! The printed documents of the case file: what `guichet-print` needs to draw vouchers, kit slips
//! and QF attestations, read from the case file, so that the CLI and the desk print the same papers.

use std::collections::HashMap;

use chrono::NaiveDate;
use guichet_core::Household;
use guichet_core::qf::tranche_range;
use guichet_core::schemes::Scheme;
use guichet_core::vouchers::VoucherNumber;
use guichet_print::{
    KitSlipPrint, Letterhead, Printable, QfAttestationPrint, VoucherPrint, documents_pdf,
    qf_attestation_pdf,
};

use crate::CaseFile;
use crate::error::{Result, StoreError};
use crate::vouchers::VoucherView;

fn full_name(first: &str, last: &str) -> String {
    format!("{first} {last}")
}

/// The parent named on a kit slip: the household's first adult.
fn guardian(household: &Household) -> Option<String> {
    household
        .adults
        .first()
        .map(|a| full_name(&a.first_name, &a.last_name))
}

impl CaseFile {
    /// The PDF of `vouchers`, in their order: a voucher or chèque for PL, CL and LR, a kit slip for
    /// KS; `duplicate` marks every page *DUPLICATA* (a reprint).
    pub fn vouchers_pdf(&self, vouchers: &[VoucherView], duplicate: bool) -> Result<Vec<u8>> {
        let (documents, kit_items) = self.printables(vouchers, duplicate)?;
        Ok(documents_pdf(
            &documents,
            &kit_items,
            &Letterhead::default(),
        )?)
    }

    fn printables(
        &self,
        vouchers: &[VoucherView],
        duplicate: bool,
    ) -> Result<(Vec<Printable>, Vec<String>)> {
        let mut documents = Vec::with_capacity(vouchers.len());
        let mut kit_items = Vec::new();
        let mut guardians: HashMap<&str, Option<String>> = HashMap::new();
        for v in vouchers {
            let name = full_name(&v.beneficiary_first_name, &v.beneficiary_last_name);
            let replaces = v
                .replaces
                .as_deref()
                .and_then(|n| VoucherNumber::parse(n).ok());
            if v.scheme == Scheme::SchoolKit {
                if kit_items.is_empty() {
                    kit_items = self
                        .reference_version(&v.reference)?
                        .schemes
                        .school_kit
                        .items;
                }
                let guardian = match guardians.get(v.household.as_str()) {
                    Some(g) => g.clone(),
                    None => {
                        let g = guardian(&self.household(&v.household)?);
                        guardians.insert(&v.household, g.clone());
                        g
                    }
                };
                documents.push(Printable::KitSlip(KitSlipPrint {
                    number: v.number,
                    child_name: name,
                    child_birth_date: v.beneficiary_birth_date,
                    household: v.household.clone(),
                    guardian,
                    handed_on: v.issued_on,
                    issued_by: v.issued_by.clone(),
                    duplicate,
                    replaces,
                }));
            } else {
                let valid_until = NaiveDate::from_ymd_opt(v.year, 12, 31).ok_or_else(|| {
                    StoreError::Corrupt(format!("year {} of voucher {}", v.year, v.number))
                })?;
                documents.push(Printable::Voucher(VoucherPrint {
                    number: v.number,
                    beneficiary_name: name,
                    beneficiary_birth_date: v.beneficiary_birth_date,
                    household: v.household.clone(),
                    amount: v.amount_cents,
                    valid_until,
                    issued_on: v.issued_on,
                    issued_by: v.issued_by.clone(),
                    duplicate,
                    replaces,
                }));
            }
        }
        Ok((documents, kit_items))
    }

    /// The QF attestation of household `number` for `year`: its saved QF of the year (refused with
    /// what to do when there is none).
    pub fn attestation_pdf(&self, number: &str, year: i32) -> Result<Vec<u8>> {
        let saved = self.saved_qf(number, year)?.ok_or_else(|| {
            StoreError::Refused(format!(
                "Aucun QF {year} enregistré pour le foyer {number} : enregistrez-le d'abord, \
                 l'attestation reprend le QF enregistré."
            ))
        })?;
        let members = self.household(number)?;
        let reference = self.reference_version(&saved.reference)?;
        let mut names: Vec<String> = members
            .adults
            .iter()
            .map(|a| full_name(&a.first_name, &a.last_name))
            .collect();
        names.extend(
            members
                .children
                .iter()
                .filter(|c| !c.left)
                .map(|c| full_name(&c.first_name, &c.last_name)),
        );
        let print = QfAttestationPrint {
            household: saved.household.to_string(),
            members: names,
            address: vec![
                members.address.line.clone(),
                format!("{} {}", members.address.postcode, members.address.city),
            ],
            year,
            qf: saved.qf_cents,
            tranche: saved.tranche,
            tranche_range: tranche_range(saved.tranche, &reference),
            site: saved.site.clone(),
            agent: saved.agent.clone(),
            issued_on: saved.instructed_on,
            explanation: saved.lines.clone(),
        };
        Ok(qf_attestation_pdf(&print, &Letterhead::default())?)
    }
}
