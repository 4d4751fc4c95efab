/**
 * What running hardware costs (per hour, per month, on-demand, spot and reserved, from the
 * profiles' prices) and what failures cost a training job (the Young/Daly checkpoint interval and
 * the time lost to checkpoints and re-work). Depends on {@code units} and {@code hardware}.
 */
package dev.blueprint.simulator.cost;
