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
// from root and whose executable is named binary; the largest of them. It walks root's tree
// through /proc/<pid>/task/<tid>/children, which is cheap enough to sample every 10 ms without
// taking CPU from what is measured; without that file it scans every process's parent.
func providerPeakRSS(root int, binary string) int64 {
	if runtime.GOOS != "linux" {
		return 0
	}
	var best int64
	for _, pid := range descendants(root) {
		if exe, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(pid), "exe")); err == nil && filepath.Base(exe) == binary {
			if kb := peakRSS(pid); kb > best {
				best = kb
			}
		}
	}
	return best
}

// descendants lists the processes below root.
func descendants(root int) []int {
	if _, err := os.Stat(filepath.Join("/proc", strconv.Itoa(root), "task", strconv.Itoa(root), "children")); err != nil {
		return descendantsByScan(root)
	}
	var out []int
	queue := []int{root}
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		tasks, _ := os.ReadDir(filepath.Join("/proc", strconv.Itoa(pid), "task"))
		for _, task := range tasks {
			b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "task", task.Name(), "children"))
			if err != nil {
				continue
			}
			for _, f := range strings.Fields(string(b)) {
				if child, err := strconv.Atoi(f); err == nil {
					out = append(out, child)
					queue = append(queue, child)
				}
			}
		}
	}
	return out
}

// descendantsByScan lists the processes below root from every process's parent.
func descendantsByScan(root int) []int {
	entries, _ := os.ReadDir("/proc")
	parent := map[int]int{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, ok := parentOf(pid); ok {
			parent[pid] = ppid
		}
	}
	var out []int
	for pid := range parent {
		if pid != root && descends(pid, root, parent) {
			out = append(out, pid)
		}
	}
	return out
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
