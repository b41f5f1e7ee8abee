//! `guichet show` as text: a household's file, the way an agent reads it on paper.

use guichet_core::dates::french;
use guichet_store::HouseholdView;

pub fn print(view: &HouseholdView) {
    println!("Dossier {}", view.number);
    if let Some(reference) = &view.reference {
        println!("  Référence en ligne : {reference}");
    }
    let a = &view.address;
    println!("  Adresse : {}, {} {}", a.line, a.postcode, a.city);
    if let Some(since) = a.department_since {
        println!("  Dans les Hauts-de-Seine depuis le {}", french(since));
    }
    println!("Membres");
    for m in &view.members {
        let flags = if m.flags.is_empty() {
            String::new()
        } else {
            format!(" — {}", m.flags.join(", "))
        };
        println!(
            "  {}  {} {} ({}), né(e) le {}, {} ans{flags}",
            m.number,
            m.first_name,
            m.last_name,
            m.role,
            french(m.birth_date),
            m.age
        );
    }
    println!("Pièces justificatives");
    for d in &view.documents {
        let holders = if d.holder_names.is_empty() {
            String::new()
        } else {
            format!(" de {}", d.holder_names.join(" et "))
        };
        let figures = if d.figures.is_empty() {
            String::new()
        } else {
            format!(" — {}", d.figures.join(", "))
        };
        println!("  {}{holders}{figures}", d.label);
    }
    for list in &view.checklists {
        println!(
            "Pièces pour {} {} : {}",
            list.label,
            list.year,
            if list.complete {
                "complet"
            } else {
                "incomplet"
            }
        );
        for item in &list.items {
            println!("  [{}] {}", item.status_label, item.reason);
        }
    }
    for qf in &view.qf {
        match &qf.saved {
            Some(saved) => {
                println!(
                    "Quotient familial {} : {} — tranche {} (enregistré par {} le {}, {})",
                    qf.year,
                    saved.qf_cents,
                    saved.tranche,
                    saved.agent,
                    french(saved.instructed_on),
                    saved.site
                );
                for line in &saved.lines {
                    println!("  {line}");
                }
                if let Some(reason) = &saved.derogation {
                    println!("  Dérogation : {reason}");
                }
            }
            None => println!("Quotient familial {} : {}", qf.year, qf.label),
        }
    }
    if let Some(e) = &view.eligibility {
        println!("Aides {} ({})", e.year, e.qf_label);
        for right in &e.entitlements {
            let amount = right
                .amount_cents
                .map(|c| format!(" : {c}"))
                .unwrap_or_default();
            println!(
                "  + {} pour {}{amount}",
                right.scheme_label, right.beneficiary_name
            );
        }
        for refusal in &e.refusals {
            println!(
                "  - {} pour {} : {}",
                refusal.scheme_label, refusal.beneficiary_name, refusal.reason
            );
        }
    }
    for note in &view.notes {
        println!("Note : {note}");
    }
    if !view.history.is_empty() {
        println!("Historique");
        for h in &view.history {
            println!("  {}  {}  ({})", h.at, h.what, h.agent);
        }
    }
}
