//! The RGAA basics, checked by a machine on every screen of the real window: axe-core (the engine
//! behind most accessibility audits) runs in the page on Accueil, Nouveau foyer, the three screens
//! of a household's file, Campagnes, Paramètres and Synchronisation, with the WCAG 2.1 A and AA rules the RGAA is
//! built on (labels, contrast, names of buttons and links, structure, language, ids, ARIA).
//! It does not replace a person's audit (reading order, keyboard paths, wording): the other
//! window tests drive the screens by keyboard.

use std::ffi::OsString;

use anyhow::{Context, Result, bail, ensure};
use fantoccini::{Client, Locator};
use guichet_tests::{screenshot, wait_for_text, workspace_root};

use super::desk_session::{SUPERVISOR, Window, case_file_with_demo, click, press_alt, type_into};

const TODAY: &str = "2026-03-10";

/// One rule an axe run found broken, with where.
#[derive(Debug)]
struct Violation {
    id: String,
    impact: Option<String>,
    help: String,
    targets: Vec<String>,
}

/// axe-core's script, from the UI's development packages (`npm ci` in ui/ installs it).
fn axe_script() -> Result<String> {
    let path = workspace_root().join("ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).with_context(|| {
        format!(
            "{} is missing: run `npm ci` in ui/ (cargo xtask test does)",
            path.display()
        )
    })
}

/// Runs axe on the page as it is now; returns what it found broken.
async fn audit(client: &Client) -> Result<Vec<Violation>> {
    let found = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {
               runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
               resultTypes: ['violations'],
             }).then(
               (r) => done(JSON.stringify(r.violations.map((v) => ({
                 id: v.id,
                 impact: v.impact,
                 help: v.help,
                 targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
               })))),
               (e) => done(JSON.stringify({ error: String(e) })),
             );",
            vec![],
        )
        .await
        .context("axe did not run")?;
    let text = found.as_str().context("axe gave no text")?;
    let value: serde_json::Value =
        serde_json::from_str(text).with_context(|| format!("axe gave {text}"))?;
    let Some(violations) = value.as_array() else {
        bail!("axe failed: {text}");
    };
    let field = |v: &serde_json::Value, name: &str| v[name].as_str().map(str::to_owned);
    Ok(violations
        .iter()
        .map(|v| Violation {
            id: field(v, "id").unwrap_or_default(),
            impact: field(v, "impact"),
            help: field(v, "help").unwrap_or_default(),
            targets: v["targets"]
                .as_array()
                .map(|t| {
                    t.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_passes_the_automatic_accessibility_rules() -> Result<()> {
    let on = guichet_store::parse_today(TODAY)?;
    let dir = tempfile::tempdir()?;
    let case_file = case_file_with_demo(dir.path(), 30, on)?;
    let household = case_file
        .search("F-01-000001", 1)?
        .into_iter()
        .next()
        .context("demo household F-01-000001")?;
    let window = Window::open(
        case_file.path(),
        &[
            ("GUICHET_TODAY", OsString::from(TODAY)),
            // A supervisor sees every control (derogation, void, agents).
            ("GUICHET_AGENT", OsString::from(SUPERVISOR)),
        ],
    )
    .await?;
    let outcome = async {
        let client = &window.client;
        wait_for_text(client, "#etat-agent", SUPERVISOR).await?;
        client
            .execute(&axe_script()?, vec![])
            .await
            .context("could not load axe-core into the page")?;

        let mut found: Vec<(&str, Violation)> = Vec::new();
        let mut check = async |screen: &'static str| -> Result<()> {
            for violation in audit(client).await? {
                found.push((screen, violation));
            }
            Ok(())
        };

        type_into(client, "recherche", &household.household).await?;
        wait_for_text(client, "#resultats", &household.household).await?;
        check("Accueil").await?;

        click(client, "nouveau-foyer-bouton").await?;
        client.wait().for_element(Locator::Css("form")).await?;
        check("Nouveau foyer").await?;

        click(client, "nav-accueil").await?;
        type_into(client, "recherche", &household.household).await?;
        wait_for_text(client, "#resultats", &household.household).await?;
        client
            .find(Locator::Css("#resultats .result"))
            .await?
            .click()
            .await?;
        wait_for_text(client, ".file-header", &household.household).await?;
        check("Dossier du foyer").await?;
        press_alt(client, '2').await?;
        client.wait().for_element(Locator::Id("onglet-qf")).await?;
        wait_for_text(client, "main", "Quotient familial").await?;
        check("Quotient familial").await?;
        press_alt(client, '3').await?;
        wait_for_text(client, "main", "Bons du foyer").await?;
        check("Aides").await?;

        click(client, "nav-campagnes").await?;
        wait_for_text(client, "#budgets", "Budgets").await?;
        check("Campagnes").await?;
        click(client, "nav-parametres").await?;
        wait_for_text(client, "main", "Agents").await?;
        check("Paramètres").await?;
        click(client, "nav-synchronisation").await?;
        wait_for_text(client, "main", "Service central").await?;
        check("Synchronisation").await?;

        if !found.is_empty() {
            screenshot(client, "accessibility-failure").await?;
            let list: Vec<String> = found
                .iter()
                .map(|(screen, v)| {
                    format!(
                        "{screen}: {} ({}) — {} — {}",
                        v.id,
                        v.impact.as_deref().unwrap_or("?"),
                        v.help,
                        v.targets.join(" | ")
                    )
                })
                .collect();
            bail!(
                "{} accessibility rule(s) broken:\n{}",
                found.len(),
                list.join("\n")
            );
        }
        ensure!(found.is_empty());
        Ok(())
    }
    .await;
    window.close(outcome).await
}
