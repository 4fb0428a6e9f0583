package org.provenancelab.model;

/**
 * A tensor's role and position.
 *
 * @param role   what it does
 * @param layer  its layer index, −1 outside the layer stack
 * @param expert routed expert index, −1 if none
 * @param mtp    true for a next-token-prediction layer stored after the main stack
 */
public record TensorRole(Role role, int layer, int expert, boolean mtp) {}
