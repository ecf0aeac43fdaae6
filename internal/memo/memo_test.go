package memo

import (
	"sync"
	"testing"
)

func TestFirstStoredWins(t *testing.T) {
	var m Map[string, int]
	if got := m.Get("a", func() int { return 1 }); got != 1 {
		t.Fatalf("Get built %d, want 1", got)
	}
	if got := m.Get("a", func() int { t.Fatal("built twice"); return 2 }); got != 1 {
		t.Fatalf("Get = %d, want the stored 1", got)
	}
	if got := m.Store("a", 3); got != 1 {
		t.Fatalf("Store over a stored key = %d, want 1", got)
	}
	if _, ok := m.Load("b"); ok {
		t.Fatal("Load of an absent key found a value")
	}
}

func TestConcurrentGetsAgree(t *testing.T) {
	var m Map[int, *int]
	const n = 16
	got := make([]*int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = m.Get(7, func() *int { v := i; return &v })
		}()
	}
	wg.Wait()
	for i := range n {
		if got[i] != got[0] {
			t.Fatalf("goroutine %d got another value than goroutine 0", i)
		}
	}
	count := 0
	m.Each(func(*int) { count++ })
	if count != 1 {
		t.Fatalf("Each saw %d values, want 1", count)
	}
}

// TestDeleteBuildsAgain: after Delete, Get builds the key's value again;
// other keys keep theirs.
func TestDeleteBuildsAgain(t *testing.T) {
	var m Map[string, int]
	m.Get("a", func() int { return 1 })
	m.Get("b", func() int { return 2 })
	m.Delete("a")
	if got := m.Get("a", func() int { return 3 }); got != 3 {
		t.Errorf("Get after Delete = %d, want the new 3", got)
	}
	if got := m.Get("b", func() int { t.Error("b built again"); return 4 }); got != 2 {
		t.Errorf("Get of another key = %d, want 2", got)
	}
	m.Delete("absent") // no value: nothing to drop
}
