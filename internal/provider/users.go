package provider

// homeMemberID is the object id of a member of the caller's own tenant, as state knows it ("" when
// none is known), for look-ups that list a user's chats.
func homeMemberID(s chatData) string {
	for _, m := range s.Members {
		if m.TenantID != "" {
			continue
		}
		if id := memberUserID(m, s.Details, nil); id != "" {
			return id
		}
	}
	return ""
}
