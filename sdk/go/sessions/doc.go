// Compute sessions (IBM Quantum, Deepnote, OCI AI Data Platform notebooks, Jupyter Server) as Pulumi resources.
package sessions
