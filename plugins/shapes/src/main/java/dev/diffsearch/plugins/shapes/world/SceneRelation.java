package dev.diffsearch.plugins.shapes.world;

/**
 * A stated relation of a scene graph: object {@code subject} is {@code relation} object {@code object}
 * (indices into the scene's objects). The placement guarantees it with {@link Scene#PLACEMENT_MARGIN} to spare.
 */
public record SceneRelation(int subject, Relation relation, int object) {}
