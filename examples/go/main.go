// An OCI AI Data Platform notebook session for an ETL notebook, and a Jupyter session for analysis.
package main

import (
	"github.com/pulumi-sessions/pulumi-sessions/sdk/go/sessions/jupyter"
	"github.com/pulumi-sessions/pulumi-sessions/sdk/go/sessions/oci"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		etl, err := oci.NewNotebookSession(ctx, "etl", &oci.NotebookSessionArgs{
			AiDataPlatformId: pulumi.String(cfg.Require("ociPlatform")),
			WorkspaceKey:     pulumi.String(cfg.Require("ociWorkspace")),
			Path:             pulumi.String("Workspace/etl.ipynb"),
		})
		if err != nil {
			return err
		}
		analysis, err := jupyter.NewSession(ctx, "analysis", &jupyter.SessionArgs{
			Url:  pulumi.String(cfg.Require("jupyterUrl")),
			Path: pulumi.String("work/analysis.ipynb"),
		})
		if err != nil {
			return err
		}
		ctx.Export("etlState", etl.LifecycleState)
		ctx.Export("analysisKernel", analysis.Kernel.ExecutionState())
		return nil
	})
}
