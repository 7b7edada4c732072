/** The script-tag entry (`dist/lipwa.js`): registering the element is all a plain page needs. */
import './define.js';
