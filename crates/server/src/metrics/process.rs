//! Process metrics read from `/proc/self` when scraped (Linux; nothing elsewhere): resident
//! memory, open file descriptors, CPU time. A few small file reads, no background task.

use std::path::Path;

/// Clock ticks per second of `/proc/self/stat` times: `USER_HZ`, fixed at 100 by the Linux ABI
/// on every architecture authgate builds for.
const USER_HZ: f64 = 100.0;

/// Appends the samples that can be read.
pub fn render(text: &mut String) {
    let proc = Path::new("/proc/self");
    if let Some(rss) = std::fs::read_to_string(proc.join("status"))
        .ok()
        .and_then(|s| resident_bytes(&s))
    {
        super::gauge(
            text,
            "process_resident_memory_bytes",
            "Resident memory size in bytes",
            rss as f64,
        );
    }
    if let Ok(dir) = std::fs::read_dir(proc.join("fd")) {
        super::gauge(
            text,
            "process_open_fds",
            "Open file descriptors",
            dir.count() as f64,
        );
    }
    if let Some(cpu) = std::fs::read_to_string(proc.join("stat"))
        .ok()
        .and_then(|s| cpu_seconds(&s))
    {
        super::sample(
            text,
            "process_cpu_seconds_total",
            "counter",
            "User and system CPU time spent in seconds",
            cpu,
        );
    }
}

/// `VmRSS` of `/proc/self/status`, in bytes.
fn resident_bytes(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line
        .trim_start_matches("VmRSS:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

/// `utime + stime` of `/proc/self/stat`, in seconds. The fields are counted after the
/// command name, which is in parentheses and may itself hold spaces and parentheses.
fn cpu_seconds(stat: &str) -> Option<f64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace();
    // After the name: state(3) … utime(14) stime(15), i.e. the 12th and 13th from here.
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some((utime + stime) as f64 / USER_HZ)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_proc_files() {
        let status = "Name:\tauthgate\nVmPeak:\t  9000 kB\nVmRSS:\t    2048 kB\n";
        assert_eq!(resident_bytes(status), Some(2048 * 1024));
        assert_eq!(resident_bytes("Name: x\n"), None);
        let stat = "42 (auth gate) (x)) S 1 42 42 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 8 0";
        assert_eq!(cpu_seconds(stat), Some(4.0));
        assert_eq!(cpu_seconds("garbage"), None);
    }
}
