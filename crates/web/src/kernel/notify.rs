//! E-mail to moderators about new comments, through SMTP when it is set up. The reader's
//! request only adds a batch job to the jobs table (never waits for mail, never fails because of
//! it); the job runs `batch` later on whichever node is free and mails every comment still
//! pending from the one that started the batch, so a busy hour sends a few e-mails, not
//! hundreds — and a node that dies before sending leaves the batch to another.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use toasoan_core::Role;
use toasoan_store::{Db, NewJob};

use crate::SharedState;

/// The jobs table's name for a batch of moderators' e-mail.
pub const JOB: &str = "comment_mail";
/// Where the last mailed comment's id is kept, so two batches do not list the same comment.
const MARK: &str = "comment_mail_after";
/// Comments listed in one e-mail at most.
const PER_MAIL: i64 = 200;

/// `[smtp]`: where mail goes out.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// `smtp://user:password@host:587?tls=required`, `smtps://host:465`, or `smtp://host:25`.
    pub url: String,
    pub from: String,
    /// How long a batch gathers comments before one message is sent.
    pub batch: Duration,
}

/// One new comment, as the moderators' e-mail lists it.
#[derive(Debug, Clone)]
pub struct Note {
    pub id: i64,
    pub name: String,
    pub excerpt: String,
}

/// The mail settings in [`crate::AppState`]; `None` there when SMTP is not set up.
#[derive(Debug, Clone)]
pub struct Notifier {
    mailer: Mailer,
    batch: Duration,
}

impl Notifier {
    /// Checks the settings. Fails only on a malformed SMTP URL, which is a setup error to report at start.
    pub fn start(
        db: Db,
        settings: &SmtpSettings,
        recipients: Vec<String>,
        base_url: String,
    ) -> Result<Notifier, lettre::transport::smtp::Error> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.url)?.build();
        let mailer = Mailer { db, transport, from: settings.from.clone(), recipients, base_url };
        Ok(Notifier { mailer, batch: settings.batch })
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Batch {
    /// The comment that started the batch: the e-mail lists it and every later pending one.
    first: i64,
}

/// Adds the batch job for a new pending comment, if anyone is to be told (a waiting batch
/// already covers it when there is one).
pub async fn new_comment(state: &SharedState, id: i64) {
    let Some(notifier) = &state.notifier else { return };
    let Ok(payload) = serde_json::to_string(&Batch { first: id }) else { return };
    let run_at = chrono::Utc::now() + chrono::Duration::from_std(notifier.batch).unwrap_or_default();
    let job = NewJob { kind: JOB.to_owned(), payload, dedupe_key: Some(JOB.to_owned()), run_at };
    state.add_job(job).await;
}

/// Runs a batch job: mails the comments still pending from the batch's first on (that no earlier
/// batch mailed), then records the last one mailed.
pub async fn send_batch(state: &SharedState, payload: &str) -> Result<(), String> {
    let Some(notifier) = &state.notifier else { return Err("SMTP is not set up on this node".to_owned()) };
    let batch: Batch = serde_json::from_str(payload).map_err(|e| format!("bad batch {payload:?}: {e}"))?;
    let mailed = state.db.site_number(MARK).await.map_err(|e| e.to_string())?.unwrap_or(0);
    let comments =
        state.db.pending_comments_from(batch.first.max(mailed + 1), PER_MAIL).await.map_err(|e| e.to_string())?;
    let Some(last) = comments.last().map(|c| c.0) else { return Ok(()) };
    let notes: Vec<Note> = comments
        .into_iter()
        .map(|(id, name, body)| Note { id, name, excerpt: body.chars().take(200).collect() })
        .collect();
    notifier.mailer.send(&notes).await?;
    state.db.set_site_number(MARK, last.max(mailed)).await.map_err(|e| e.to_string())
}

#[derive(Debug, Clone)]
struct Mailer {
    db: Db,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: String,
    /// Configured addresses; empty means every active account with the moderator role.
    recipients: Vec<String>,
    base_url: String,
}

impl Mailer {
    async fn send(&self, batch: &[Note]) -> Result<(), String> {
        let recipients = self.recipients().await?;
        if recipients.is_empty() {
            return Ok(());
        }
        let from: Mailbox = self.from.parse().map_err(|e| format!("the from address {:?}: {e}", self.from))?;
        let mut message =
            Message::builder().from(from).subject(format!("{} ý kiến bạn đọc mới chờ duyệt", batch.len()));
        for to in &recipients {
            match to.parse::<Mailbox>() {
                Ok(mailbox) => message = message.to(mailbox),
                Err(error) => tracing::warn!(%error, to, "skipping a moderator address"),
            }
        }
        let message = message.body(self.text(batch)).map_err(|e| e.to_string())?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
    }

    fn text(&self, batch: &[Note]) -> String {
        let mut text = format!("Có {} ý kiến mới đang chờ duyệt:\n\n", batch.len());
        for note in batch {
            text.push_str(&format!("- {} (#{}): {}\n", note.name, note.id, note.excerpt.replace('\n', " ")));
        }
        text.push_str(&format!("\nDuyệt tại: {}/toa-soan/binh-luan\n", self.base_url));
        text
    }

    async fn recipients(&self) -> Result<Vec<String>, String> {
        if !self.recipients.is_empty() {
            return Ok(self.recipients.clone());
        }
        let users = self.db.users().await.map_err(|e| e.to_string())?;
        Ok(users.into_iter().filter(|u| u.active && u.role == Role::Moderator).map(|u| u.email).collect())
    }
}
