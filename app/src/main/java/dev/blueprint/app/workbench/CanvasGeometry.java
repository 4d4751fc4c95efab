package dev.blueprint.app.workbench;

/** Sizes of the canvas's boxes and grid, shared by the drawing and the automatic layout. */
final class CanvasGeometry {
  static final double BOX_WIDTH = 150;
  static final double BOX_HEIGHT = 58;
  static final double GRID = 20;

  private CanvasGeometry() {}
}
