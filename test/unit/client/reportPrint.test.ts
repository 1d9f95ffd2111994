import { expect } from 'chai';
import { contrast, inkOn, INK, REPORT_RAMP, WHITE } from '../../../client/src/reports/scale.js';
import { placeLabels } from '../../../client/src/reports/labels.js';

describe('report print: cell text contrast', () => {
  it('when a weekday × time cell is shaded dark, then its count prints white; on the light classes, in the report\'s ink', () => {
    expect(REPORT_RAMP.map(inkOn)).to.deep.equal([INK, INK, INK, WHITE, WHITE]);
  });

  it('when the text colour is chosen, then it is the one of white and ink that contrasts more, and no class falls under 4.4 : 1', () => {
    for (const c of REPORT_RAMP) {
      const other = inkOn(c) === WHITE ? INK : WHITE;
      expect(contrast(inkOn(c), c), c).to.be.at.least(contrast(other, c)).and.at.least(4.4);
    }
    // The old rule, ink on every class, left the darkest at 1.8 : 1: its counts could not be read on paper.
    expect(contrast(INK, REPORT_RAMP[4])).to.be.below(2);
  });

  it('when contrast is worked out, then black on white is 21 : 1 and a colour on itself 1 : 1, either way round', () => {
    expect(contrast('#000000', '#ffffff')).to.be.closeTo(21, 1e-9);
    expect(contrast('#ffffff', '#000000')).to.be.closeTo(21, 1e-9);
    expect(contrast('#d24a12', '#d24a12')).to.equal(1);
  });
});

describe('report print: ward labels on the map', () => {
  const box = { width: 400, height: 300 };
  const label = (name: string, x: number, y: number, width = 60, height = 12) => ({ name, x, y, width, height });
  const inside = (l: { left: number; top: number }, w = 60, h = 12) => l.left >= 2 && l.top >= 2 && l.left + w <= box.width - 2 && l.top + h <= box.height - 2;

  it('when a label\'s point is near an edge, then the label is shifted inwards, wholly inside the map', () => {
    const placed = placeLabels([label('East', 395, 150), label('West', 5, 150), label('North', 200, 1), label('South corner', 399, 299)], box);
    expect(placed.map((l) => l.name)).to.deep.equal(['East', 'West', 'North', 'South corner']);
    for (const l of placed) expect(inside(l), l.name).to.equal(true);
    expect(placed[0]).to.deep.equal({ name: 'East', left: 338, top: 144 });
    expect(placed[1]).to.deep.equal({ name: 'West', left: 2, top: 144 });
  });

  it('when a label\'s point is well inside, then it is centred on it', () => {
    expect(placeLabels([label('Centre', 200, 150)], box)).to.deep.equal([{ name: 'Centre', left: 170, top: 144 }]);
  });

  it('when a ward\'s point is off the map, or its name cannot fit, then it is left out rather than cut', () => {
    expect(placeLabels([label('Off east', 401, 150), label('Off north', 200, -3), label('Too long', 200, 150, 399)], box)).to.deep.equal([]);
  });

  it('when two labels would overlap, then the one listed first is kept and the other left out', () => {
    const placed = placeLabels([label('First', 200, 150), label('Second', 230, 155), label('Apart', 200, 200)], box);
    expect(placed.map((l) => l.name)).to.deep.equal(['First', 'Apart']);
  });
});
