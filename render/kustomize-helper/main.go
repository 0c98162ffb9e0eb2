// Command kustomize-helper builds kustomize units on request, one after another, in one long-lived process, so a
// render of many units pays the start of the Go runtime and kustomize's OpenAPI schema once instead of per unit.
//
// Requests are JSON lines on stdin: {"id": 7, "dir": "/abs/path/of/unit"}. Each answer is one JSON line on stdout:
// {"id": 7, "yaml": "...", "log": "..."} with exactly what `kustomize build DIR` prints on stdout, or
// {"id": 7, "error": "...", "log": "..."} with kustomize's error; "log" is what kustomize wrote to stderr (warnings)
// while building that unit. Options are those of the kustomize CLI without
// flags: load restrictor root-only, no plugins, no Helm, no exec functions, no managed-by label, no reordering flag.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/kustomize/kyaml/openapi"
)

type request struct {
	ID  json.RawMessage `json:"id"`
	Dir string          `json:"dir"`
}

type response struct {
	ID    json.RawMessage `json:"id"`
	YAML  *string         `json:"yaml,omitempty"`
	Error string          `json:"error,omitempty"`
	Log   string          `json:"log,omitempty"`
}

// options are what `kustomize build DIR` runs with when no flag is given.
func options() *krusty.Options {
	o := krusty.MakeDefaultOptions()
	o.Reorder = krusty.ReorderOptionUnspecified
	o.LoadRestrictions = types.LoadRestrictionsRootOnly
	o.PluginConfig = types.DisabledPluginConfig()
	o.PluginConfig.HelmConfig.Enabled = false
	o.AddManagedbyLabel = false
	return o
}

// maxLog is the most stderr kept per unit.
const maxLog = 64 * 1024

// marker ends one unit's stderr in the pipe that replaces os.Stderr.
const marker = "\x00shiplog-kustomize-helper-end\x00\n"

// captureStderr points os.Stderr and the log package at a pipe; each call of the returned function ends the current
// unit's output and returns what was written since the previous call.
func captureStderr() func() string {
	r, w, err := os.Pipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kustomize-helper:", err)
		os.Exit(1)
	}
	os.Stderr = w
	log.SetOutput(w)
	units := make(chan string)
	go func() {
		in := bufio.NewReader(r)
		var unit bytes.Buffer
		for {
			line, err := in.ReadString('\n')
			if line == marker {
				units <- unit.String()
				unit.Reset()
			} else if unit.Len()+len(line) <= maxLog {
				unit.WriteString(line)
			}
			if err != nil {
				if err != io.EOF {
					os.Exit(1)
				}
				return
			}
		}
	}()
	return func() string {
		if _, err := io.WriteString(w, marker); err != nil {
			os.Exit(2)
		}
		return <-units
	}
}

// build runs one unit; a panic inside kustomize is that unit's error, not the helper's end.
func build(fs filesys.FileSystem, dir string) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("kustomize panicked: %v", r)
		}
	}()
	m, err := krusty.MakeKustomizer(options()).Run(fs, dir)
	if err != nil {
		return nil, err
	}
	return m.AsYaml()
}

func main() {
	fs := filesys.MakeFsOnDisk()
	// a kustomization's `openapi:` field (a custom schema or version) changes kyaml's process-wide schema; after such
	// a unit the schema is reset, so the next unit builds as in a fresh `kustomize build` process
	defaultSchema := openapi.GetSchemaVersion()
	logged := captureStderr()
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64*1024), 16<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		var req request
		var resp response
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			resp.Error = "bad request: " + err.Error()
		} else {
			resp.ID = req.ID
			yml, err := build(fs, req.Dir)
			if openapi.GetSchemaVersion() != defaultSchema {
				openapi.ResetOpenAPI()
			}
			resp.Log = logged()
			if err != nil {
				resp.Error = err.Error()
			} else {
				s := string(yml)
				resp.YAML = &s
			}
		}
		if err := enc.Encode(&resp); err != nil {
			os.Exit(2)
		}
		if err := out.Flush(); err != nil {
			os.Exit(2)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "kustomize-helper:", err)
		os.Exit(1)
	}
}
