//! The real file dialogs and the system's viewer, as an agent meets them: the app runs without
//! `GUICHET_DIALOG_ANSWERS`. A household's QF attestation is saved through GTK's save dialog (rfd),
//! a scan is attached through GTK's open dialog, and the attestation is shown in the "viewer" through
//! tauri-plugin-opener, that is `xdg-open` in its generic mode (no desktop environment under Xvfb).
//!
//! WebDriver cannot reach GTK's dialogs: the test finds them by their title and types in them with
//! xdotool (`guichet_tests::native`). The viewer is an external program: a shell script stands in
//! for it, registered for `application/pdf` in a desktop session made in the test's temporary
//! folder, and notes which file it was asked to show.

use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use fantoccini::{Locator, key::Key};
use guichet_store::CaseFile;
use guichet_tests::native::{Xdotool, screenshot_display};
use guichet_tests::{PATIENCE, pdf_text, screenshot, wait_for_text};

use super::desk_session::{AGENT, Window, case_file_with_demo, click, press, press_alt, type_into};

const TODAY: &str = "2026-03-10";
const YEAR: i32 = 2026;
const DEMO_HOUSEHOLDS: usize = 40;
/// The titles the app gives its dialogs (`src-tauri/src/qf.rs`, `household_file.rs`).
const SAVE_TITLE: &str = "Enregistrer l'attestation de QF";
const OPEN_TITLE: &str = "Joindre le scan de la pièce";
/// The desktop entry standing in for the system's PDF viewer.
const VIEWER_ENTRY: &str = "guichet-visionneuse-test.desktop";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_dialogs_save_and_attach_files_and_the_viewer_shows_the_attestation() -> Result<()>
{
    let on = guichet_store::parse_today(TODAY)?;
    let dir = tempfile::tempdir()?;
    let case_file = case_file_with_demo(dir.path(), DEMO_HOUSEHOLDS, on)?;
    let number = household_with_qf_and_documents(&case_file, on)?;
    let session = DesktopSession::new(dir.path())?;
    session.check_default_viewer()?;

    let mut env = session.env();
    env.extend([
        ("GUICHET_TODAY", OsString::from(TODAY)),
        ("GUICHET_AGENT", OsString::from(AGENT)),
        // Empty: the real dialogs, whatever the environment running the tests says.
        ("GUICHET_DIALOG_ANSWERS", OsString::new()),
    ]);
    let window = Window::open(case_file.path(), &env).await?;
    let outcome = drive(&window, &case_file, &session, &number).await;
    if outcome.is_err() {
        let _ = screenshot_display(window.display(), "native-dialogs-failure");
    }
    window.close(outcome).await
}

/// The first demo household with a saved QF of `YEAR` and at least one document.
fn household_with_qf_and_documents(case_file: &CaseFile, on: chrono::NaiveDate) -> Result<String> {
    for sequence in 1..=DEMO_HOUSEHOLDS {
        let number = format!("F-01-{sequence:06}");
        if case_file.saved_qf(&number, YEAR)?.is_some()
            && !case_file.household_view(&number, on)?.documents.is_empty()
        {
            return Ok(number);
        }
    }
    bail!("no demo household has a saved QF {YEAR} and a document")
}

async fn drive(
    window: &Window,
    case_file: &CaseFile,
    session: &DesktopSession,
    number: &str,
) -> Result<()> {
    let client = &window.client;
    let display = window.display();
    let xdotool = Xdotool::on(display)?;

    wait_for_text(client, "#etat-agent", AGENT).await?;
    type_into(client, "recherche", number).await?;
    wait_for_text(client, "#resultats", number).await?;
    press(client, Key::Down).await?;
    press(client, Key::Enter).await?;
    wait_for_text(client, ".file-header", number).await?;
    press_alt(client, '2').await?;
    wait_for_text(client, "#qf-enregistre", "tranche").await?;

    // 1. The save dialog: the proposed name replaced by a path the agent types.
    let saved = session
        .root
        .join("documents")
        .join("attestation-choisie.pdf");
    click(client, "attestation-enregistrer").await?;
    let dialog = xdotool.wait_for_window(SAVE_TITLE)?;
    xdotool.focus(&dialog)?;
    screenshot_display(display, "native-save-dialog")?;
    xdotool.keys(&["ctrl+a"])?;
    xdotool.type_text(&utf8(&saved)?)?;
    screenshot_display(display, "native-save-dialog-typed")?;
    xdotool.press_until_closed(&dialog, SAVE_TITLE, "Return")?;
    wait_for_text(
        client,
        "#ecran-qf [role=status]",
        &format!("Attestation enregistrée : {}", saved.display()),
    )
    .await?;
    let text = pdf_text(&saved)?;
    ensure!(
        text.contains(number),
        "the saved attestation does not name {number}:\n{text}"
    );
    screenshot(client, "native-save-done").await?;

    // 2. The open dialog: Ctrl+L, then the path of a scan.
    let scan = session.root.join("scans").join("scan-natif.png");
    draw_scan(&scan)?;
    press_alt(client, '1').await?;
    let button = client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css("button.scan-button"))
        .await
        .context("no 'Joindre un scan' button in the household's file")?;
    let label = button
        .attr("aria-label")
        .await?
        .context("the scan button has no accessible name")?;
    let document = label
        .strip_prefix("Joindre un scan à la pièce ")
        .with_context(|| format!("unexpected scan button {label:?}"))?
        .to_owned();
    button
        .click()
        .await
        .context("could not click the scan button")?;
    let dialog = xdotool.wait_for_window(OPEN_TITLE)?;
    xdotool.focus(&dialog)?;
    screenshot_display(display, "native-open-dialog")?;
    xdotool.keys(&["ctrl+l"])?;
    xdotool.type_text(&utf8(&scan)?)?;
    screenshot_display(display, "native-open-dialog-typed")?;
    xdotool.press_until_closed(&dialog, OPEN_TITLE, "Return")?;
    wait_for_text(
        client,
        "p.banner-ok[role=status]",
        &format!("Scan « scan-natif.png » joint à la pièce « {document} »"),
    )
    .await?;
    let view = case_file.household_view(number, guichet_store::parse_today(TODAY)?)?;
    let attached = view
        .documents
        .iter()
        .filter(|d| d.label == document)
        .flat_map(|d| &d.scans)
        .find(|s| s.file_name == "scan-natif.png")
        .with_context(|| format!("the case file holds no scan-natif.png on {document:?}"))?;
    ensure!(
        case_file.scan(attached.id)?.content == std::fs::read(&scan)?,
        "the scan kept differs from the file chosen"
    );

    // 3. The system's viewer, through xdg-open.
    session.check_pdf_type(&saved)?;
    press_alt(client, '2').await?;
    wait_for_text(client, "#qf-enregistre", "tranche").await?;
    click(client, "attestation-ouvrir").await?;
    let notice = wait_for_text(
        client,
        "#ecran-qf [role=status]",
        "ouverte dans la visionneuse",
    )
    .await?;
    let shown = session.wait_for_viewer()?;
    ensure!(
        notice.contains(&shown.display().to_string()),
        "the notice does not name the file the viewer got ({}): {notice}",
        shown.display()
    );
    let text = pdf_text(&shown)?;
    ensure!(
        text.contains(number),
        "the PDF shown does not name {number}:\n{text}"
    );
    screenshot(client, "native-viewer-done").await?;
    Ok(())
}

/// A path as the text typed in a dialog.
fn utf8(path: &Path) -> Result<String> {
    path.to_str()
        .map(str::to_owned)
        .with_context(|| format!("{} is not UTF-8", path.display()))
}

/// A small PNG, as a scanner would make.
fn draw_scan(path: &Path) -> Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let made = Command::new("convert")
        .args(["-size", "600x200", "-background", "white", "-fill", "black"])
        .args(["-pointsize", "24", "label:JUSTIFICATIF\nscan de test"])
        .arg(path)
        .status()
        .context(
            "ImageMagick's convert is not installed (cargo xtask test installs imagemagick)",
        )?;
    ensure!(made.success(), "convert could not draw the scan");
    Ok(())
}

/// A desktop session without a desktop environment, in the test's temporary folder: its own home,
/// XDG folders and temporary folder, and a stand-in for the PDF viewer set as the default
/// application for `application/pdf`.
struct DesktopSession {
    root: PathBuf,
    home: PathBuf,
    config: PathBuf,
    data: PathBuf,
    temporary: PathBuf,
    viewer_log: PathBuf,
}

impl DesktopSession {
    fn new(root: &Path) -> Result<Self> {
        let home = root.join("home");
        let config = home.join(".config");
        let data = home.join(".local/share");
        let temporary = root.join("tmp");
        let applications = data.join("applications");
        for folder in [&config, &applications, &temporary, &root.join("documents")] {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("could not create {}", folder.display()))?;
        }
        // The PDF viewer is an external program, not ours: this script stands in for it and only
        // notes which file it was asked to show.
        let viewer_log = root.join("visionneuse.log");
        let script = root.join("visionneuse.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
                viewer_log.display()
            ),
        )?;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))?;
        std::fs::write(
            applications.join(VIEWER_ENTRY),
            format!(
                "[Desktop Entry]\nType=Application\nName=Visionneuse de test\nExec={} %f\n\
                 MimeType=application/pdf;\nNoDisplay=true\n",
                script.display()
            ),
        )?;
        std::fs::write(
            config.join("mimeapps.list"),
            format!("[Default Applications]\napplication/pdf={VIEWER_ENTRY}\n"),
        )?;
        Ok(Self {
            root: root.to_path_buf(),
            home,
            config,
            data,
            temporary,
            viewer_log,
        })
    }

    /// The environment of the app (and of what it starts) in this session. The variables by which
    /// xdg-open recognises a desktop environment are emptied, which xdg-open takes as unset: it
    /// then uses its generic mode (xdg-mime and the session's mimeapps.list).
    fn env(&self) -> Vec<(&'static str, OsString)> {
        let mut env = vec![
            ("HOME", self.home.clone().into_os_string()),
            ("XDG_CONFIG_HOME", self.config.clone().into_os_string()),
            ("XDG_DATA_HOME", self.data.clone().into_os_string()),
            ("TMPDIR", self.temporary.clone().into_os_string()),
            // No dconf service in this session: GTK keeps its settings (the file chooser's) in
            // memory instead of starting one.
            ("GSETTINGS_BACKEND", OsString::from("memory")),
        ];
        for desktop in [
            "XDG_CURRENT_DESKTOP",
            "XDG_SESSION_DESKTOP",
            "DESKTOP_SESSION",
            "KDE_FULL_SESSION",
            "GNOME_DESKTOP_SESSION_ID",
            "MATE_DESKTOP_SESSION_ID",
            "LXQT_SESSION_CONFIG",
        ] {
            env.push((desktop, OsString::new()));
        }
        env
    }

    /// Runs `xdg-mime args…` in this session and returns its first line.
    fn xdg_mime(&self, args: &[&str]) -> Result<String> {
        let output = Command::new("xdg-mime")
            .args(args)
            .envs(self.env())
            .output()
            .context(
                "xdg-mime is not installed: run `cargo xtask test` (it installs xdg-utils) or \
                 `apt-get install xdg-utils`",
            )?;
        ensure!(
            output.status.success(),
            "xdg-mime {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
        Ok(String::from_utf8_lossy(&output.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned())
    }

    /// xdg-open, in generic mode, would choose the stand-in for a PDF.
    fn check_default_viewer(&self) -> Result<()> {
        let default = self.xdg_mime(&["query", "default", "application/pdf"])?;
        ensure!(
            default == VIEWER_ENTRY,
            "xdg-mime names {default:?} as the PDF viewer, not the test's {VIEWER_ENTRY}"
        );
        Ok(())
    }

    /// xdg-mime recognises `pdf` as a PDF (through `mimetype`, or `file --mime-type` without it).
    fn check_pdf_type(&self, pdf: &Path) -> Result<()> {
        let kind = self.xdg_mime(&["query", "filetype", &utf8(pdf)?])?;
        ensure!(
            kind.starts_with("application/pdf"),
            "xdg-mime takes {} for {kind:?}",
            pdf.display()
        );
        Ok(())
    }

    /// Waits until the stand-in viewer was asked to show a file, and returns that file.
    fn wait_for_viewer(&self) -> Result<PathBuf> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            // A line counts once the script has written it whole.
            if let Ok(log) = std::fs::read_to_string(&self.viewer_log)
                && log.ends_with('\n')
                && let Some(line) = log.lines().last()
            {
                let shown = PathBuf::from(line);
                ensure!(
                    shown.starts_with(&self.temporary),
                    "the viewer got {}, outside the app's temporary folder {}",
                    shown.display(),
                    self.temporary.display()
                );
                return Ok(shown);
            }
            if Instant::now() > deadline {
                bail!(
                    "xdg-open never started the stand-in viewer within {PATIENCE:?} ({} is empty)",
                    self.viewer_log.display()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}
