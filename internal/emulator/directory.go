package emulator

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// HomeTenantID is the tenant the emulator plays: the caller's own organisation.
const HomeTenantID = "dcd219dd-bc68-4b9b-bf0b-4a33a796be35"

// FederatedTenantID is the other organisation used by the create-chat page's example 5.
const FederatedTenantID = "4dc1fe35-8ac6-4f0d-904a-7ebcd364bea1"

// User is one entry of the emulated directory.
type User struct {
	ID                string `json:"id"`
	UserPrincipalName string `json:"userPrincipalName"`
	DisplayName       string `json:"displayName"`
	Mail              string `json:"mail,omitempty"`
	// UserType is "Member" or "Guest" (a guest of the home tenant must be added with the guest role).
	UserType string `json:"userType"`
	// TenantID is the tenant the user belongs to.
	TenantID string `json:"tenantId"`
}

// Directory is the set of users the emulator knows, keyed by tenant.
type Directory struct {
	HomeTenantID string `json:"homeTenantId"`
	Users        []User `json:"users"`
}

// DefaultDirectory holds every user id and user principal name used in the create-chat page's
// examples, one in-tenant guest and users of a second (federated) tenant.
//
// The page uses 82af01c5-… both as a colleague (example 1) and as a federated user with
// tenantId 4dc1fe35-… (example 5); both entries exist so that every example applies as written.
func DefaultDirectory() Directory {
	return Directory{
		HomeTenantID: HomeTenantID,
		Users: []User{
			{ID: "8b081ef6-4792-4def-b2c9-c363a1bf41d5", UserPrincipalName: "john@contoso.com", DisplayName: "John Doe", UserType: "Member"},
			{ID: "82af01c5-f7cc-4a2e-a728-3a5df21afd9d", UserPrincipalName: "megan@contoso.com", DisplayName: "Megan Bowen", UserType: "Member"},
			{ID: "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", UserPrincipalName: "adele@contoso.com", DisplayName: "Adele Vance", UserType: "Member"},
			{ID: "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", UserPrincipalName: "alex@contoso.com", DisplayName: "Alex Wilber", UserType: "Member"},
			{ID: "3626a173-f2bc-4883-bcf7-01514c3bfb82", UserPrincipalName: "lynne@contoso.com", DisplayName: "Lynne Robbins", UserType: "Member"},
			{ID: "4595d2f2-7b31-446c-84fd-9b795e63114b", UserPrincipalName: "jacob@contoso.com", DisplayName: "Jacob Hancock", UserType: "Member"},
			{ID: "5d1a8d3b-6c43-4a8e-9b7e-2f5c0e0b1a11", UserPrincipalName: "diego@contoso.com", DisplayName: "Diego Siciliani", UserType: "Member"},
			{ID: "6e2b9e4c-7d54-4b9f-8c8f-3a6d1f1c2b22", UserPrincipalName: "grady@contoso.com", DisplayName: "Grady Archie", UserType: "Member"},
			{ID: "7f3caf5d-8e65-4ca0-9d90-4b7e2a2d3c33", UserPrincipalName: "isaiah@contoso.com", DisplayName: "Isaiah Langer", UserType: "Member"},
			// The page's example 4 guest id (8ba98gf6-…) is not a GUID; this is its valid stand-in.
			{ID: "8ba98af6-7fc2-4eb2-a7f2-aef9f21fd98a", UserPrincipalName: "pradeep_fabrikam.com#EXT#@contoso.com", DisplayName: "Pradeep Gupta (Guest)", Mail: "pradeep@fabrikam.com", UserType: "Guest"},
			{ID: "82af01c5-f7cc-4a2e-a728-3a5df21afd9d", UserPrincipalName: "megan@fabrikam.com", DisplayName: "Megan Bowen (Fabrikam)", UserType: "Member", TenantID: FederatedTenantID},
			{ID: "9a4dbf6e-9f76-4db1-8ea1-5c8f3b3e4d44", UserPrincipalName: "nestor@fabrikam.com", DisplayName: "Nestor Wilke (Fabrikam)", UserType: "Member", TenantID: FederatedTenantID},
		},
	}
}

// WithStaff adds n members of the home tenant, staff0@contoso.com … with object ids
// 00000000-0000-4000-8000-000000000000 …, for tests of large chats.
func (d Directory) WithStaff(n int) Directory {
	out := Directory{HomeTenantID: d.HomeTenantID, Users: append([]User(nil), d.Users...)}
	for i := 0; i < n; i++ {
		out.Users = append(out.Users, User{ID: StaffID(i), UserPrincipalName: fmt.Sprintf("staff%d@contoso.com", i), DisplayName: fmt.Sprintf("Staff %d", i), UserType: "Member"})
	}
	return out
}

// StaffID is the object id of the i-th user WithStaff adds.
func StaffID(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }

// LoadDirectory reads a directory from a JSON file shaped like Directory.
func LoadDirectory(path string) (Directory, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Directory{}, err
	}
	var d Directory
	if err := json.Unmarshal(data, &d); err != nil {
		return Directory{}, fmt.Errorf("decoding directory %s: %w", path, err)
	}
	if d.HomeTenantID == "" {
		d.HomeTenantID = HomeTenantID
	}
	for i, u := range d.Users {
		if u.ID == "" || u.UserPrincipalName == "" {
			return Directory{}, fmt.Errorf("directory %s: user %d needs id and userPrincipalName", path, i)
		}
	}
	return d, nil
}

// lookup finds a user by object id or user principal name within one tenant ("" = home).
func (d Directory) lookup(idOrUPN, tenantID string) (User, bool) {
	if tenantID == "" {
		tenantID = d.HomeTenantID
	}
	for _, u := range d.Users {
		ut := u.TenantID
		if ut == "" {
			ut = d.HomeTenantID
		}
		if !strings.EqualFold(ut, tenantID) {
			continue
		}
		if strings.EqualFold(u.ID, idOrUPN) || strings.EqualFold(u.UserPrincipalName, idOrUPN) {
			u.TenantID = ut
			return u, true
		}
	}
	return User{}, false
}
