package graph

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkCreateAndReadChat is the provider's create path: one POST /chats and one GET with
// members, through msgraph-sdk-go, against the in-process emulator.
func BenchmarkCreateAndReadChat(b *testing.B) {
	em := startEmulatorB(b)
	c, err := NewClient(Config{AccessToken: "bench", GraphEndpoint: em.URL}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		chat, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: fmt.Sprint("Bench ", i), Members: []MemberSpec{
			{User: "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", Role: RoleOwner}, {User: "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", Role: RoleOwner},
		}})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.GetChat(ctx, chat.ID); err != nil {
			b.Fatal(err)
		}
	}
}
