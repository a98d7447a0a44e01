// The test sets `sessions` to a map of resource name -> {"kind": ..., "args": {...}}, with the
// Go SDK's argument names, as a user's program would set them.
package main

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi-sessions/pulumi-sessions/sdk/go/sessions/deepnote"
	"github.com/pulumi-sessions/pulumi-sessions/sdk/go/sessions/ibm"
	"github.com/pulumi-sessions/pulumi-sessions/sdk/go/sessions/jupyter"
	"github.com/pulumi-sessions/pulumi-sessions/sdk/go/sessions/oci"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

type entry struct {
	Kind string          `json:"kind"`
	Args json.RawMessage `json:"args"`
}

// args decodes the entry's arguments into the SDK's plain-value form.
type args struct {
	Backend        *string `json:"backend"`
	Mode           *string `json:"mode"`
	AcceptingJobs  *bool   `json:"acceptingJobs"`
	NotebookId     *string `json:"notebookId"`
	AiDataPlatform *string `json:"aiDataPlatformId"`
	WorkspaceKey   *string `json:"workspaceKey"`
	Endpoint       *string `json:"endpoint"`
	Url            *string `json:"url"`
	Path           *string `json:"path"`
	Name           *string `json:"name"`
	PollIntervalMs *int    `json:"pollIntervalMs"`
}

func str(s *string) pulumi.StringPtrInput {
	if s == nil {
		return nil
	}
	return pulumi.StringPtr(*s)
}

func num(n *int) pulumi.IntPtrInput {
	if n == nil {
		return nil
	}
	return pulumi.IntPtr(*n)
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		var sessions map[string]entry
		config.RequireObject(ctx, "sessions", &sessions)
		for name, e := range sessions {
			var a args
			if err := json.Unmarshal(e.Args, &a); err != nil {
				return err
			}
			var id pulumi.IDOutput
			switch e.Kind {
			case "ibm":
				r, err := ibm.NewQuantumSession(ctx, name, &ibm.QuantumSessionArgs{Backend: pulumi.String(*a.Backend), Mode: str(a.Mode), AcceptingJobs: pulumi.BoolPtrFromPtr(a.AcceptingJobs), PollIntervalMs: num(a.PollIntervalMs)})
				if err != nil {
					return err
				}
				id = r.ID()
			case "deepnote":
				r, err := deepnote.NewSession(ctx, name, &deepnote.SessionArgs{NotebookId: pulumi.String(*a.NotebookId), PollIntervalMs: num(a.PollIntervalMs)})
				if err != nil {
					return err
				}
				id = r.ID()
			case "oci":
				r, err := oci.NewNotebookSession(ctx, name, &oci.NotebookSessionArgs{AiDataPlatformId: pulumi.String(*a.AiDataPlatform), WorkspaceKey: pulumi.String(*a.WorkspaceKey), Endpoint: str(a.Endpoint), Path: pulumi.String(*a.Path), Name: str(a.Name), PollIntervalMs: num(a.PollIntervalMs)})
				if err != nil {
					return err
				}
				id = r.ID()
			case "jupyter":
				r, err := jupyter.NewSession(ctx, name, &jupyter.SessionArgs{Url: pulumi.String(*a.Url), Path: pulumi.String(*a.Path), Name: str(a.Name), PollIntervalMs: num(a.PollIntervalMs)})
				if err != nil {
					return err
				}
				id = r.ID()
			default:
				return fmt.Errorf("unknown kind %q", e.Kind)
			}
			ctx.Export(name+"_id", id)
		}
		return nil
	})
}
