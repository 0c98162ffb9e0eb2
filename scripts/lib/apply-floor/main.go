// Command apply-floor sends prepared server-side apply requests to a kube-apiserver as cheaply as a client can:
// bodies serialised beforehand, HTTP/2 over one TLS connection, N requests in flight, responses discarded. The
// applier benchmark runs it to show how fast the API server alone can take an apply of the same objects (the floor
// under any tool's apply on the same machine).
//
// Input (file named by -requests): one request per line, "PATH<TAB>JSON BODY". Output: "seconds=<s> requests=<n>".
package main

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

type request struct {
	path string
	body []byte
}

func main() {
	server := flag.String("server", "", "API server URL")
	tokenFile := flag.String("token-file", "", "file holding the bearer token")
	caFile := flag.String("ca", "", "PEM file of the server's CA")
	requestsFile := flag.String("requests", "", "file of PATH<TAB>JSON lines")
	concurrency := flag.Int("concurrency", 32, "requests in flight")
	flag.Parse()
	if err := run(*server, *tokenFile, *caFile, *requestsFile, *concurrency); err != nil {
		fmt.Fprintln(os.Stderr, "apply-floor:", err)
		os.Exit(1)
	}
}

func run(server, tokenFile, caFile, requestsFile string, concurrency int) error {
	token, err := os.ReadFile(tokenFile)
	if err != nil {
		return err
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		return fmt.Errorf("no certificate in %s", caFile)
	}
	requests, err := readRequests(requestsFile)
	if err != nil {
		return err
	}
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots}, ForceAttemptHTTP2: true, MaxIdleConnsPerHost: concurrency}}
	bearer := "Bearer " + strings.TrimSpace(string(token))
	send := func(r request) error {
		req, err := http.NewRequest(http.MethodPatch, server+r.path+"?fieldManager=floor&force=true",
			bytes.NewReader(r.body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/apply-patch+yaml")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Authorization", bearer)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		answer, _ := io.ReadAll(resp.Body)
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("%s: HTTP %d: %.300s", r.path, resp.StatusCode, answer)
		}
		return nil
	}
	// one request first, so the connection exists before the burst (as a long-running client's would)
	started := time.Now()
	if err := send(requests[0]); err != nil {
		return err
	}
	work := make(chan request)
	failures := make(chan error, len(requests))
	var wg sync.WaitGroup
	for i := 0; i < concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range work {
				if err := send(r); err != nil {
					failures <- err
				}
			}
		}()
	}
	for _, r := range requests[1:] {
		work <- r
	}
	close(work)
	wg.Wait()
	close(failures)
	for err := range failures {
		return err
	}
	fmt.Printf("seconds=%.3f requests=%d\n", time.Since(started).Seconds(), len(requests))
	return nil
}

func readRequests(file string) ([]request, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var requests []request
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 1<<20), 1<<24)
	for scanner.Scan() {
		path, body, ok := strings.Cut(scanner.Text(), "\t")
		if !ok {
			return nil, fmt.Errorf("%s: a line without a tab", file)
		}
		requests = append(requests, request{path: path, body: []byte(body)})
	}
	if len(requests) == 0 {
		return nil, fmt.Errorf("%s: no requests", file)
	}
	return requests, scanner.Err()
}
