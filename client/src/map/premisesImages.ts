/**
 * The premises symbols: a rounded square in the category's colour with its letter,
 * drawn on a canvas with the system font (no sprite sheet, no glyphs to fetch).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { PREMISES_CATEGORIES, type PremisesCategory } from '../../../server/lists';
import { PREMISES_COLOURS, PREMISES_LETTERS } from './palette';

/** Device pixels per CSS pixel of the images (sharp on high-density screens). */
const RATIO = 2;
/** CSS pixels. */
const SIZE = 18;

export const premisesImageName = (c: PremisesCategory): string => `premises-${c}`;

/** Adds one image per premises category to the map's style, once. */
export function addPremisesImages(map: MapLibreMap): void {
  for (const category of PREMISES_CATEGORIES) {
    const name = premisesImageName(category);
    if (map.hasImage(name)) continue;
    const image = drawSquare(PREMISES_COLOURS[category], PREMISES_LETTERS[category]);
    if (image) map.addImage(name, image, { pixelRatio: RATIO });
  }
}

/** The same square as a data: URL, for the legend. */
export function premisesSymbolUrl(category: PremisesCategory): string {
  const canvas = squareCanvas(PREMISES_COLOURS[category], PREMISES_LETTERS[category]);
  return canvas ? canvas.toDataURL('image/png') : '';
}

function drawSquare(colour: string, letter: string): ImageData | null {
  const canvas = squareCanvas(colour, letter);
  return canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height) ?? null;
}

function squareCanvas(colour: string, letter: string): HTMLCanvasElement | null {
  const px = SIZE * RATIO;
  const canvas = document.createElement('canvas');
  canvas.width = px;
  canvas.height = px;
  const g = canvas.getContext('2d');
  if (!g) return null;
  const inset = 1.5 * RATIO;
  g.beginPath();
  g.roundRect(inset, inset, px - 2 * inset, px - 2 * inset, 3 * RATIO);
  g.fillStyle = colour;
  g.fill();
  g.lineWidth = 1.5 * RATIO;
  g.strokeStyle = '#ffffff';
  g.stroke();
  g.fillStyle = '#ffffff';
  g.font = `700 ${11 * RATIO}px system-ui, sans-serif`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText(letter, px / 2, px / 2 + RATIO);
  return canvas;
}
