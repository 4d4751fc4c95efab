/**
 * Running and recording sweeps and optimisations, shared by both front ends: one {@link
 * dev.blueprint.app.whatif.WhatIfRuns} opens or resumes a batch in the run history, runs the
 * simulator's {@code Sweep} or {@code Optimizer}, records every point and finishes the batch.
 * Depends on the simulator, {@code history} and {@code report}; never on {@code cli} or {@code
 * workbench} (AppArchitectureTest).
 */
package dev.blueprint.app.whatif;
