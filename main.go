// Command terraform-provider-teams is the Terraform provider for Microsoft Teams chats.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/teams-terraform/terraform-provider-teams/internal/provider"
)

// version is set by the linker at release time (-X main.version=…).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	quietUnlessAsked()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/teams-terraform/teams",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// quietUnlessAsked switches the plugin SDK's loggers off when no Terraform log was asked for. By
// default they log every step at trace level to Terraform, which parses each line and drops it:
// about a fifth of the provider's CPU in an apply (see BENCHMARKS.md). Any TF_LOG* variable
// leaves logging exactly as the SDK sets it up.
func quietUnlessAsked() {
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_LOG") && !strings.HasPrefix(k, "TF_LOG_PATH") && v != "" {
			return
		}
	}
	for _, v := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER"} {
		_ = os.Setenv(v, "OFF")
	}
}
