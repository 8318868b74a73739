//! The moderators' e-mail about new comments, sent to a small SMTP server run by the test: the
//! reader's request does not wait for it, and one message carries a batch of comments.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::{send, sites_configured, standard_articles};
use serde_json::json;
use toasoan_web::kernel::notify::SmtpSettings;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// Speaks just enough SMTP to take messages; sends each whole conversation to `seen`.
async fn fake_smtp() -> (u16, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let (seen, conversations) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let mut log = String::new();
                write.write_all(b"220 test ESMTP\r\n").await.ok();
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    log.push_str(&line);
                    log.push('\n');
                    let reply: &[u8] = if in_data {
                        if line != "." {
                            continue;
                        }
                        in_data = false;
                        b"250 queued\r\n"
                    } else if line.starts_with("EHLO") {
                        b"250-test\r\n250 8BITMIME\r\n"
                    } else if line.starts_with("DATA") {
                        in_data = true;
                        b"354 go on\r\n"
                    } else if line.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.ok();
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(reply).await.ok();
                }
                seen.send(log).ok();
            });
        }
    });
    (port, conversations)
}

#[tokio::test]
async fn moderators_get_one_email_for_a_batch_of_new_comments() {
    let (port, mut conversations) = fake_smtp().await;
    let configure = move |site: &mut toasoan_web::SiteConfig| {
        site.comments.captcha = false;
        site.comments.notify = vec!["kiem.duyet@toasoan.vn".to_owned()];
        site.comments.smtp = Some(SmtpSettings {
            url: format!("smtp://127.0.0.1:{port}"),
            from: "Toà soạn <no-reply@toasoan.vn>".to_owned(),
            batch: Duration::from_millis(300),
        });
    };
    for site in sites_configured(&standard_articles(), configure).await {
        for n in 0..3 {
            let body = json!({"name": "Bạn đọc", "email": format!("{n}@x.vn"), "body": format!("Ý kiến số {n}")});
            let response = send(&site.app, "POST", "/api/v1/articles/1/comments", None, Some(body)).await;
            assert_eq!(response.status(), StatusCode::ACCEPTED, "{}", site.engine);
        }
        let mail = tokio::time::timeout(Duration::from_secs(10), conversations.recv())
            .await
            .expect("an e-mail within 10 s")
            .expect("a conversation");
        assert!(mail.contains("RCPT TO:<kiem.duyet@toasoan.vn>"), "{mail}");
        assert!(mail.contains("MAIL FROM:<no-reply@toasoan.vn>"), "{mail}");
        assert_eq!(mail.matches("RCPT TO").count(), 1);
        assert!(mail.contains("Subject:"), "{mail}");
        let more = tokio::time::timeout(Duration::from_millis(800), conversations.recv()).await;
        assert!(more.is_err(), "{}: three comments, one e-mail", site.engine);
    }
}
