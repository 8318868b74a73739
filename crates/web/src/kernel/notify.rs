//! E-mail to moderators about new comments, through SMTP when it is set up. The reader's
//! request only drops a note in a queue (never waits, never fails because of mail); a worker
//! gathers the notes of a short window into one message, so a busy hour sends a few e-mails,
//! not hundreds.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use toasoan_core::Role;
use toasoan_store::{Db, NewComment};
use tokio::sync::mpsc;

use crate::SharedState;

/// Notes waiting beyond this are dropped (and logged): mail must not eat the memory.
const QUEUE: usize = 1_000;

/// `[smtp]`: where mail goes out.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// `smtp://user:password@host:587?tls=required`, `smtps://host:465`, or `smtp://host:25`.
    pub url: String,
    pub from: String,
    /// How long the worker gathers notes before sending one message.
    pub batch: Duration,
}

/// One new comment, as the moderators' e-mail lists it.
#[derive(Debug, Clone)]
pub struct Note {
    pub id: i64,
    pub name: String,
    pub excerpt: String,
}

/// The sending end of the queue; `None` in [`crate::AppState`] when SMTP is not set up.
#[derive(Debug, Clone)]
pub struct Notifier {
    queue: mpsc::Sender<Note>,
}

impl Notifier {
    /// Starts the worker. Fails only on a malformed SMTP URL, which is a setup error to report at start.
    pub fn start(
        db: Db,
        settings: &SmtpSettings,
        recipients: Vec<String>,
        base_url: String,
    ) -> Result<Notifier, lettre::transport::smtp::Error> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.url)?.build();
        let (queue, notes) = mpsc::channel(QUEUE);
        let worker = Worker { db, transport, from: settings.from.clone(), recipients, base_url, batch: settings.batch };
        tokio::spawn(worker.run(notes));
        Ok(Notifier { queue })
    }
}

/// Queues a note about a new pending comment, if anyone is to be told.
pub fn new_comment(state: &SharedState, id: i64, comment: &NewComment) {
    let Some(notifier) = &state.notifier else { return };
    let excerpt: String = comment.body.chars().take(200).collect();
    if let Err(error) = notifier.queue.try_send(Note { id, name: comment.name.clone(), excerpt }) {
        tracing::warn!(%error, comment = id, "moderators' e-mail queue is full; this comment is not mailed");
    }
}

struct Worker {
    db: Db,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: String,
    /// Configured addresses; empty means every active account with the moderator role.
    recipients: Vec<String>,
    base_url: String,
    batch: Duration,
}

impl Worker {
    async fn run(self, mut notes: mpsc::Receiver<Note>) {
        while let Some(first) = notes.recv().await {
            let mut batch = vec![first];
            tokio::time::sleep(self.batch).await;
            while let Ok(note) = notes.try_recv() {
                batch.push(note);
            }
            if let Err(error) = self.send(&batch).await {
                tracing::warn!(%error, comments = batch.len(), "cannot e-mail the moderators");
            }
        }
    }

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
