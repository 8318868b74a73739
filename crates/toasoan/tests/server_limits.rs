//! The real server against slow and greedy clients: a request whose headers trickle in is cut
//! off, so is one whose body stalls, and connections beyond the cap are closed at once while the
//! site keeps answering.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const MAX_CONNECTIONS: usize = 8;

struct Server {
    child: Child,
    addr: String,
    _data: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

async fn start() -> Server {
    let data = tempfile::tempdir().expect("temp dir");
    let settings = format!(
        "[server]\nheader_timeout_seconds = 3\nbody_timeout_seconds = 2\nmax_connections = {MAX_CONNECTIONS}\n"
    );
    std::fs::write(data.path().join("toasoan.toml"), settings).expect("settings");
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
    let addr = format!("127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_toasoan"))
        .arg("--data")
        .arg(data.path())
        .args(["serve", "--addr", &addr])
        .env_remove("TOASOAN_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let server = Server { child, addr, _data: data };
    let started = Instant::now();
    while reqwest::get(format!("http://{}/", server.addr)).await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "the server did not answer");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server
}

/// How long until the server closes the connection (reading whatever it sends first).
fn seconds_until_closed(stream: &mut TcpStream, limit: Duration) -> Option<f64> {
    let started = Instant::now();
    stream.set_read_timeout(Some(limit)).expect("timeout");
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return Some(started.elapsed().as_secs_f64()),
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return Some(started.elapsed().as_secs_f64()),
            Err(_) => return None,
        }
    }
}

#[tokio::test]
async fn slow_and_greedy_clients_are_cut_off_while_readers_are_served() {
    let server = start().await;
    let addr = server.addr.clone();
    let slow = tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(&addr).expect("connect");
        stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").expect("a first header line");
        seconds_until_closed(&mut stream, Duration::from_secs(15))
    });
    let closed = slow.await.expect("join").expect("a trickling request is closed");
    assert!((2.0..10.0).contains(&closed), "closed after {closed:.1} s");

    let addr = server.addr.clone();
    let stalled = tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(&addr).expect("connect");
        let head = "POST /binh-luan/1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
            Content-Length: 1000\r\n\r\nname=a";
        stream.write_all(head.as_bytes()).expect("headers and a little body");
        seconds_until_closed(&mut stream, Duration::from_secs(15))
    });
    let closed = stalled.await.expect("join").expect("a stalled body is given up");
    assert!(closed < 10.0, "answered and closed after {closed:.1} s");

    let addr = server.addr.clone();
    let greedy = tokio::task::spawn_blocking(move || {
        let held: Vec<TcpStream> = (0..MAX_CONNECTIONS).map(|_| TcpStream::connect(&addr).expect("connect")).collect();
        std::thread::sleep(Duration::from_millis(300));
        let mut one_more = TcpStream::connect(&addr).expect("the kernel accepts");
        let closed = seconds_until_closed(&mut one_more, Duration::from_secs(2));
        drop(held);
        closed
    });
    let closed = greedy.await.expect("join").expect("the connection over the cap is closed");
    assert!(closed < 1.5, "closed after {closed:.1} s");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let home = reqwest::get(format!("http://{}/", server.addr)).await.expect("served again");
    assert_eq!(home.status(), 200);
}
