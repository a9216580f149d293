/** A floating box of plain-text lines next to the pointer. */
export class Tooltip {
  private readonly el = document.createElement('div');

  constructor(parent: HTMLElement) {
    this.el.className = 'tooltip';
    this.el.hidden = true;
    parent.appendChild(this.el);
  }

  show(lines: string[], clientX: number, clientY: number): void {
    this.el.replaceChildren(
      ...lines.map((line, i) => {
        const div = document.createElement('div');
        div.className = i === 0 ? 'tooltip-title' : 'tooltip-line';
        div.textContent = line;
        return div;
      }),
    );
    this.el.hidden = false;
    const { innerWidth, innerHeight } = window;
    const { width, height } = this.el.getBoundingClientRect();
    this.el.style.left = `${Math.min(clientX + 14, innerWidth - width - 4)}px`;
    this.el.style.top = `${Math.min(clientY + 14, innerHeight - height - 4)}px`;
  }

  hide(): void {
    this.el.hidden = true;
  }
}
