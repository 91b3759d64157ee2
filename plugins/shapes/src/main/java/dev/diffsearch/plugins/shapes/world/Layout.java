package dev.diffsearch.plugins.shapes.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Places square boxes on the canvas: boxes at least {@link #GAP} pixels apart (objects never touch or
 * overlap), each stated relation held with {@link Scene#PLACEMENT_MARGIN} to spare along its axis and
 * dominant over the other axis (|cross offset| ≤ half the offset). Greedy: each box in turn takes a
 * uniformly drawn position among those that fit; a dead end restarts the whole layout.
 */
public final class Layout {

  /** Empty pixels between any two boxes. */
  public static final int GAP = 2;

  private static final int RESTARTS = 60;

  private Layout() {}

  /** Boxes of the given sizes that keep the stated relations, or empty when none was found. */
  public static Optional<List<Box>> place(List<Size> sizes, List<SceneRelation> stated, SplittableRandom random) {
    int[] candidates = new int[Canvas.SIZE * Canvas.SIZE];
    for (int attempt = 0; attempt < RESTARTS; attempt++) {
      List<Box> boxes = new ArrayList<>(sizes.size());
      for (int i = 0; i < sizes.size(); i++) {
        int side = sizes.get(i).pixels();
        int n = 0;
        for (int y = 0; y + side <= Canvas.SIZE; y++) {
          for (int x = 0; x + side <= Canvas.SIZE; x++) {
            Box box = new Box(x, y, side, side);
            if (fits(box, i, boxes, stated)) {
              candidates[n++] = y * Canvas.SIZE + x;
            }
          }
        }
        if (n == 0) {
          break;
        }
        int pick = candidates[random.nextInt(n)];
        boxes.add(new Box(pick % Canvas.SIZE, pick / Canvas.SIZE, side, side));
      }
      if (boxes.size() == sizes.size()) {
        return Optional.of(boxes);
      }
    }
    return Optional.empty();
  }

  private static boolean fits(Box box, int index, List<Box> placed, List<SceneRelation> stated) {
    for (Box other : placed) {
      if (!box.apart(other, GAP)) {
        return false;
      }
    }
    for (SceneRelation r : stated) {
      int other = r.subject() == index ? r.object() : r.object() == index ? r.subject() : -1;
      if (other < 0 || other > index) {
        continue;
      }
      Box subject = r.subject() == index ? box : placed.get(r.subject());
      Box object = r.object() == index ? box : placed.get(r.object());
      if (!clear(r.relation(), subject, object)) {
        return false;
      }
    }
    return true;
  }

  /** The relation holds with the placement margin, and its axis dominates. */
  static boolean clear(Relation relation, Box subject, Box object) {
    double along = relation.offset(subject, object);
    double across = relation.horizontal()
        ? subject.centreY() - object.centreY()
        : subject.centreX() - object.centreX();
    return along >= Scene.PLACEMENT_MARGIN && Math.abs(across) <= along / 2;
  }
}
