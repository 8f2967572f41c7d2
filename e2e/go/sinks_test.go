package e2e

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The delivery sinks run.sh starts write one JSON object per received message:
// E2E_MAIL_LOG {"to": [...], "code", ...}, E2E_SMS_LOG {"phone", "code", "status"?, ...}.

var sixDigits = regexp.MustCompile(`^\d{6}$`)

// readJSONL parses every complete line of path (a line still being written is skipped).
func readJSONL(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var rec map[string]any
		if json.Unmarshal(sc.Bytes(), &rec) == nil {
			out = append(out, rec)
		}
	}
	return out
}

// waitCode runs send, then polls path (bounded: 10 s) for a new record matching and
// returns its six-digit code.
func waitCode(t *testing.T, path string, match func(map[string]any) bool, send func()) string {
	t.Helper()
	mark := len(readJSONL(t, path))
	send()
	deadline := time.Now().Add(10 * time.Second)
	for {
		recs := readJSONL(t, path)
		for i := len(recs) - 1; i >= mark; i-- {
			if match(recs[i]) {
				code, _ := recs[i]["code"].(string)
				if !sixDigits.MatchString(code) {
					t.Fatalf("record without a six-digit code: %v", recs[i])
				}
				return code
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no matching message arrived in %s within 10s", path)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// emailCode asks authgate (via send) to mail address and returns the code received.
func emailCode(t *testing.T, address string, send func()) string {
	t.Helper()
	return waitCode(t, testEnv(t).mailLog, func(r map[string]any) bool {
		if rejected, _ := r["rejected"].(bool); rejected {
			return false
		}
		to, _ := r["to"].([]any)
		for _, a := range to {
			if s, ok := a.(string); ok && strings.EqualFold(s, address) {
				return true
			}
		}
		return false
	}, send)
}

// smsCode asks authgate (via send) to text phone and returns the code the webhook received.
func smsCode(t *testing.T, phone string, send func()) string {
	t.Helper()
	return waitCode(t, testEnv(t).smsLog, func(r map[string]any) bool {
		p, _ := r["phone"].(string)
		_, failed := r["status"]
		return p == phone && !failed
	}, send)
}
