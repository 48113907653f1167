package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestProviderPeakRSS: the peak is read from the processes named like the provider that descend
// from the command's process, and from no other process of that name on the machine.
func TestProviderPeakRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc: Linux only")
	}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep binary")
	}
	fake := filepath.Join(t.TempDir(), "terraform-provider-fake")
	data, err := os.ReadFile(sleep)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fake, data, 0o755); err != nil {
		t.Fatal(err)
	}
	start := func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(name, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		return cmd
	}
	// A shell (standing for terraform) whose child is the "provider", and one more "provider"
	// outside it (another run on the machine).
	shell := start("sh", "-c", fake+" 30; true")
	outsider := start(fake, "30")
	time.Sleep(300 * time.Millisecond)

	if kb := providerPeakRSS(shell.Process.Pid, "terraform-provider-fake"); kb <= 0 {
		t.Errorf("the shell's provider child: peak %d KiB, want it found", kb)
	}
	if kb := providerPeakRSS(shell.Process.Pid, "terraform-provider-other"); kb != 0 {
		t.Errorf("another provider name: %d KiB, want 0", kb)
	}
	lone := start("sh", "-c", "sleep 30; true")
	time.Sleep(100 * time.Millisecond)
	if kb := providerPeakRSS(lone.Process.Pid, "terraform-provider-fake"); kb != 0 {
		t.Errorf("a command with no provider child: %d KiB, want 0 (the outsider, pid %d, is not its child)", kb, outsider.Process.Pid)
	}
	if ppid, ok := parentOf(outsider.Process.Pid); !ok || ppid != os.Getpid() {
		t.Errorf("parentOf the outsider: %d %v, want this process %d", ppid, ok, os.Getpid())
	}
	// Both ways of finding the tree agree: the shell's child, and not the outsider.
	byChildren, byScan := descendants(shell.Process.Pid), descendantsByScan(shell.Process.Pid)
	if len(byChildren) != 1 || len(byScan) != 1 || byChildren[0] != byScan[0] || byChildren[0] == outsider.Process.Pid {
		t.Errorf("descendants of the shell: %v by children files, %v by scan; want its one child", byChildren, byScan)
	}
}
