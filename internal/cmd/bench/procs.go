package main

// Running one terraform command and sampling the peak resident set of the provider it starts.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Provider binaries by kind: the peak RSS of a phase is that of this binary among the processes
// the terraform command starts, and nothing else on the machine (terraform_data runs inside
// Terraform: no provider process).
const (
	teamsBinary = "terraform-provider-teams"
	timeBinary  = "terraform-provider-time"
)

// timed runs one terraform command and samples the peak RSS of the provider processes named
// provider that it starts (none when provider is empty).
func timed(terraform, dir string, env, args []string, provider string) (time.Duration, int64, error) {
	cmd := exec.Command(terraform, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	start := time.Now()
	var peak int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	if provider != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(10 * time.Millisecond)
			defer tick.Stop()
			for {
				if kb := providerPeakRSS(cmd.Process.Pid, provider); kb > atomic.LoadInt64(&peak) {
					atomic.StoreInt64(&peak, kb)
				}
				select {
				case <-stop:
					return
				case <-tick.C:
				}
			}
		}()
	}
	err := cmd.Wait()
	d := time.Since(start)
	close(stop)
	wg.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) && args[0] == "plan" && ee.ExitCode() == 2 {
		return d, peak, fmt.Errorf("the refresh plan is not empty:\n%s", tail(out.String(), 40))
	}
	if err != nil {
		return d, peak, fmt.Errorf("%w:\n%s", err, tail(out.String(), 40))
	}
	return d, peak, nil
}

// providerPeakRSS reads VmHWM (peak resident set, KiB) of the running processes that descend
// from root and whose executable is named binary; the largest of them.
func providerPeakRSS(root int, binary string) int64 {
	if runtime.GOOS != "linux" {
		return 0
	}
	entries, _ := os.ReadDir("/proc")
	parent := map[int]int{}
	var candidates []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, ok := parentOf(pid); ok {
			parent[pid] = ppid
		}
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && filepath.Base(exe) == binary {
			candidates = append(candidates, pid)
		}
	}
	var best int64
	for _, pid := range candidates {
		if !descends(pid, root, parent) {
			continue
		}
		if kb := peakRSS(pid); kb > best {
			best = kb
		}
	}
	return best
}

// parentOf reads a process's parent id from /proc/<pid>/stat (the field after the command,
// which may itself hold spaces and parentheses).
func parentOf(pid int) (int, bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(f[1])
	return ppid, err == nil
}

func descends(pid, root int, parent map[int]int) bool {
	for seen := 0; pid > 1 && seen < 64; seen++ {
		if pid == root {
			return true
		}
		pid = parent[pid]
	}
	return false
}

func peakRSS(pid int) int64 {
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "VmHWM:") {
			if kb, err := strconv.ParseInt(strings.Fields(sc.Text())[1], 10, 64); err == nil {
				return kb
			}
		}
	}
	return 0
}
